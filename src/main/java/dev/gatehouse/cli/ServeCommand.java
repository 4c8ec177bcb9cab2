package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.tls.DevCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Zero-configuration mode: serve a folder over HTTPS on localhost with a development CA made on first
 * use. It builds ordinary configuration properties, so it goes through the same validation and the
 * same server as production.
 */
@Command(name = "serve", description = "Serve a folder over HTTPS on localhost with a local development certificate.")
final class ServeCommand implements Callable<Integer> {

    private static final List<String> SAMPLE_FILES = List.of("index.html", "style.css");

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder to serve (default: the sample site).")
    Path dir;

    @Option(names = "--https-port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "Plain HTTP port that redirects (default: ${DEFAULT-VALUE}; 0 for none).")
    int httpPort;

    @Option(names = "--address", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; * for all interfaces).")
    String address;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the development CA is kept (default: $GATEHOUSE_STATE_DIR, $XDG_STATE_HOME/gatehouse or ~/.local/state/gatehouse).")
    Path stateDir;

    @Override
    public Integer call() {
        try {
            Path state = stateDir != null ? stateDir : Home.stateDir();
            DevCertificates.DevFiles certs;
            Path root;
            try {
                certs = DevCertificates.ensure(state);
                root = dir != null ? dir : extractSampleSite(state.resolve("sample-site"));
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("gatehouse: cannot prepare the state folder " + state + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            Properties p = new Properties();
            p.setProperty("listener.https.address", address);
            p.setProperty("listener.https.port", Integer.toString(httpsPort));
            p.setProperty("listener.http.address", address);
            p.setProperty("listener.http.port", Integer.toString(httpPort));
            p.setProperty("listener.http.mode", httpPort == 0 ? "off" : "redirect");
            p.setProperty("tls.certificate", certs.chain().toString());
            p.setProperty("tls.certificate-private-key", certs.privateKey().toString());
            p.setProperty("static.root", root.toAbsolutePath().toString());
            ServerConfig config;
            try {
                config = ConfigLoader.load(p, "gatehouse serve", Path.of("").toAbsolutePath(), null);
            } catch (ConfigException e) {
                e.problems().forEach(problem -> System.err.println("gatehouse serve: " + problem));
                return ExitCodes.INVALID_CONFIG;
            }
            return new Daemon().run(config, System.err, server -> {
                System.out.println();
                System.out.println("  Serving " + root.toAbsolutePath().normalize());
                System.out.println("  at      https://localhost:" + server.httpsPort() + "/");
                if (server.httpPort() > 0) {
                    System.out.println("  and     http://localhost:" + server.httpPort() + "/ redirects there");
                }
                System.out.println("  Trust the development CA " + certs.caCertificate().toAbsolutePath() + ", e.g.");
                System.out.println("    curl --cacert " + certs.caCertificate().toAbsolutePath() + " https://localhost:"
                        + server.httpsPort() + "/");
                System.out.println("  Press Ctrl-C to stop.");
                System.out.println();
                System.out.flush();
            });
        } finally {
            LogSetup.stop();
        }
    }

    /** The bundled sample site, refreshed from the jar on every start. */
    private static Path extractSampleSite(Path target) throws IOException {
        Files.createDirectories(target);
        for (String name : SAMPLE_FILES) {
            try (InputStream in = ServeCommand.class.getResourceAsStream("/sample-site/" + name)) {
                if (in == null) {
                    throw new IOException("sample site file " + name + " missing from the jar");
                }
                Files.copy(in, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }
}
