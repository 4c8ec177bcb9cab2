package dev.gatehouse.cli;

import io.netty.handler.ssl.OpenSsl;
import io.netty.util.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the version of Gatehouse and of its TLS engine.")
final class VersionCommand implements Callable<Integer> {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    static String details() {
        // Shading merges Netty's per-module version files into one; any entry names the release.
        String netty = Version.identify().values().stream().map(Version::artifactVersion).findFirst().orElse("?");
        String tls = OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK only (BoringSSL not loaded)";
        return "gatehouse " + version() + " (Netty " + netty + ", " + tls + ", Java " + System.getProperty("java.version") + ")";
    }

    @Override
    public Integer call() {
        LogSetup.consoleOnly();
        System.out.println(details());
        return ExitCodes.OK;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {details()};
        }
    }
}
