package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.tls.CertificateFinding;
import dev.gatehouse.tls.LoadedTls;
import dev.gatehouse.tls.SslContexts;
import dev.gatehouse.tls.TlsSetupException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Like {@code nginx -t}: loads the configuration and every site's key material, runs the TLS
 * self-handshake, and prints one line per problem. Exit 0 when the daemon would start and serve.
 * Unlike {@code run}, an expired or not-yet-valid certificate fails the check.
 */
@Command(name = "check", description = "Validate the configuration and key material without serving.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: conf/gatehouse.properties under the install folder).")
    Path config;

    @Override
    public Integer call() {
        Path file = config != null ? config : Home.defaultConfig();
        SslContexts.hardenJdk();
        ServerConfig loaded;
        try {
            loaded = ConfigLoader.load(file);
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println(p));
            return ExitCodes.INVALID_CONFIG;
        }
        int errors = 0;
        for (SiteConfig site : loaded.sites()) {
            LoadedTls tls;
            try {
                tls = LoadedTls.load(site.tls(), Daemon.ALPN);
            } catch (TlsSetupException e) {
                System.err.println(file + ": " + (e.key() == null ? "" : e.key() + ": ") + e.getMessage());
                errors++;
                continue;
            }
            for (CertificateFinding f : tls.findings()) {
                boolean error = f.severity() == CertificateFinding.Severity.ERROR;
                errors += error ? 1 : 0;
                System.err.println(file + ": " + (error ? "error: " : "warning: ") + f.message());
            }
            System.out.println("site " + site.id() + ": certificate "
                    + tls.material().leaf().getSubjectX500Principal().getName() + " (" + tls.material().keyType()
                    + "), valid until " + tls.material().leaf().getNotAfter().toInstant() + ", root " + site.staticFiles().root());
        }
        if (errors > 0) {
            return ExitCodes.INVALID_CONFIG;
        }
        System.out.println(file + ": configuration OK");
        return ExitCodes.OK;
    }
}
