package dev.gatehouse.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Turns a {@code .properties} file into a validated {@link ServerConfig}. Strict: unknown keys are
 * errors (with the closest known key suggested), durations and sizes need units, and all problems are
 * reported together. Key material is only located here; the tls package reads and checks it.
 */
public final class ConfigLoader {

    public static final String DEFAULT_SITE_ID = "default";
    static final String DEFAULT_HSTS = "max-age=63072000";

    private ConfigLoader() {
    }

    public static ServerConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(absolute)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), null,
                    "cannot read the configuration file: " + ConfigReader.describe(e)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(new ConfigProblem(file.toString(), null,
                    "not a valid properties file: " + e.getMessage()));
        }
        return load(properties, file.toString(), absolute.getParent(), absolute);
    }

    /**
     * Validates properties that did not come from a file ({@code gatehouse serve} builds its
     * configuration this way so that it goes through exactly the same checks).
     */
    public static ServerConfig load(Properties properties, String name, Path baseDir, Path source)
            throws ConfigException {
        ConfigReader r = new ConfigReader(name, baseDir, properties);

        ListenerConfig https = new ListenerConfig(
                address(r, "listener.https.address"), r.get("listener.https.port", 443, ValueParsers::port));
        ListenerConfig http = new ListenerConfig(
                address(r, "listener.http.address"), r.get("listener.http.port", 80, ValueParsers::port));
        PlainMode plainMode = r.get("listener.http.mode", PlainMode.REDIRECT,
                v -> ValueParsers.enumValue(v, PlainMode.class));

        TimeoutsConfig timeouts = new TimeoutsConfig(
                positive(r, "timeouts.handshake", Duration.ofSeconds(10)),
                positive(r, "timeouts.request-header", Duration.ofSeconds(30)),
                positive(r, "timeouts.idle", Duration.ofSeconds(60)),
                r.get("timeouts.shutdown-grace", Duration.ofSeconds(10), ValueParsers::duration),
                positive(r, "timeouts.request-body", Duration.ofSeconds(60)),
                positive(r, "timeouts.write", Duration.ofSeconds(60)));

        LimitsConfig limits = LimitsSection.read(r);

        boolean accessLog = r.get("log.access", true, ValueParsers::bool);
        int ioThreads = r.get("server.io-threads", 0, v -> ValueParsers.integer(v, 0, 1024));

        SiteConfig site = site(r, timeouts.handshake());
        if (plainMode != PlainMode.OFF && https.port() != 0 && http.port() == https.port()
                && sameAddress(http.address(), https.address())) {
            r.problem("listener.http.port", "\"" + http.port()
                    + "\" (expected: a port other than listener.https.port)");
        }

        OpsConfig ops = OpsKeys.read(r);

        r.reportUnknownKeys(Set.of());
        if (!r.problems().isEmpty()) {
            throw new ConfigException(r.problems());
        }
        return new ServerConfig(source, https, http, plainMode, List.of(site), timeouts, limits, accessLog, ioThreads,
                ops);
    }

    private static SiteConfig site(ConfigReader r, Duration handshakeTimeout) {
        TlsConfig tls = new TlsConfig(keySource(r, "tls."), protocols(r, "tls.protocols"),
                r.get("tls.ciphers", TlsConfig.DEFAULT_CIPHERS, ValueParsers::list),
                r.get("tls.provider", TlsProvider.AUTO, v -> ValueParsers.enumValue(v, TlsProvider.class)),
                handshakeTimeout);

        StaticConfig staticFiles = StaticConfigReader.read(r, "static.");
        String hsts = r.string("headers.hsts", DEFAULT_HSTS);
        if (hsts.equalsIgnoreCase("off")) {
            hsts = null;
        } else if (!hsts.toLowerCase(Locale.ROOT).matches("max-age=\\d+(\\s*;\\s*(includesubdomains|preload))*")) {
            r.problem("headers.hsts", "\"" + hsts
                    + "\" (expected: off, or a header value such as max-age=63072000; includeSubDomains)");
        }
        boolean securityHeaders = r.get("headers.security", true, ValueParsers::bool);
        List<RouteConfig> routes = RouteKeys.read(r, "");
        return new SiteConfig(DEFAULT_SITE_ID, List.of(), tls, staticFiles, hsts, securityHeaders, routes);
    }

    /** Either a PEM pair or a key store, never both; the files must exist (their content is checked later). */
    private static KeySource keySource(ConfigReader r, String prefix) {
        List<Path> certs = r.paths(prefix + "certificate");
        List<Path> keys = r.paths(prefix + "certificate-private-key");
        Optional<Secret> keyPassword = r.secret(prefix + "key-password");
        Optional<Path> store = r.path(prefix + "key-store");
        Optional<Secret> storePassword = r.secret(prefix + "key-store-password");
        Optional<String> alias = r.raw(prefix + "key-alias");

        if (store.isPresent()) {
            if (!certs.isEmpty() || !keys.isEmpty()) {
                r.problem(prefix + "key-store", "set together with " + prefix + "certificate (expected: either "
                        + prefix + "certificate + " + prefix + "certificate-private-key, or " + prefix + "key-store)");
            }
            if (storePassword.isEmpty()) {
                r.problem(prefix + "key-store-password", "missing (expected: the password of " + store.get()
                        + "; inline or file:/path)");
            }
            requireFile(r, prefix + "key-store", store.get(), "a PKCS#12 or JKS key store");
            return new KeySource.KeyStoreFile(store.get(), storePassword.orElse(Secret.of("")),
                    alias.orElse(null), keyPassword.orElse(null));
        }
        if (certs.isEmpty() && keys.isEmpty()) {
            r.problem(prefix + "certificate", "missing (expected: " + prefix + "certificate + " + prefix
                    + "certificate-private-key, e.g. certs/fullchain.pem and certs/privkey.pem, or "
                    + prefix + "key-store)");
            return null;
        }
        if (certs.isEmpty()) {
            r.problem(prefix + "certificate", "missing (expected: the PEM certificate chain that goes with "
                    + prefix + "certificate-private-key)");
        }
        if (keys.isEmpty()) {
            r.problem(prefix + "certificate-private-key", "missing (expected: the PEM private key of "
                    + prefix + "certificate)");
        }
        if (!certs.isEmpty() && !keys.isEmpty() && certs.size() != keys.size()) {
            r.problem(prefix + "certificate-private-key", keys.size() + " keys for " + certs.size()
                    + " certificates (expected: one key per certificate, in the same order)");
        }
        for (Path c : certs) {
            requireFile(r, prefix + "certificate", c, "a PEM certificate chain, leaf first");
        }
        for (Path k : keys) {
            requireFile(r, prefix + "certificate-private-key", k, "a PEM private key");
        }
        return new KeySource.PemFiles(certs, keys, keyPassword.orElse(null));
    }

    private static void requireFile(ConfigReader r, String key, Path file, String what) {
        if (!Files.exists(file)) {
            r.problem(key, "\"" + file + "\" does not exist (expected: " + what + "; see certs/README.md)");
        } else if (!Files.isRegularFile(file)) {
            r.problem(key, "\"" + file + "\" is not a file (expected: " + what + ")");
        } else if (!Files.isReadable(file)) {
            r.problem(key, "\"" + file + "\" is not readable by this user (expected: " + what
                    + "; check its owner and mode)");
        }
    }

    private static List<String> protocols(ConfigReader r, String key) {
        List<String> protocols = r.get(key, TlsConfig.DEFAULT_PROTOCOLS, ValueParsers::list);
        List<String> out = new ArrayList<>();
        for (String p : protocols) {
            Optional<String> canonical = TlsConfig.SUPPORTED_PROTOCOLS.stream().filter(s -> s.equalsIgnoreCase(p)).findFirst();
            if (canonical.isEmpty()) {
                r.problem(key, "\"" + p + "\" (expected: TLSv1.3 and/or TLSv1.2; older versions are insecure and not supported)");
            } else {
                out.add(canonical.get());
            }
        }
        if (out.isEmpty() && !protocols.isEmpty()) {
            return TlsConfig.DEFAULT_PROTOCOLS;
        }
        return List.copyOf(out);
    }

    private static String address(ConfigReader r, String key) {
        Optional<String> v = r.raw(key);
        if (v.isEmpty() || v.get().equals("*")) {
            return null;
        }
        String a = v.get();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!a.matches("[0-9A-Za-z.:%_-]+")) {
            r.problem(key, "\"" + v.get() + "\" (expected: an IP address or host name, or * for all interfaces)");
            return null;
        }
        return a;
    }

    private static boolean sameAddress(String a, String b) {
        return a == null || b == null || a.equals(b);
    }

    private static Duration positive(ConfigReader r, String key, Duration def) {
        Duration d = r.get(key, def, ValueParsers::duration);
        if (d.isZero()) {
            r.problem(key, "\"" + r.raw(key).orElse("") + "\" (expected: a duration greater than zero)");
            return def;
        }
        return d;
    }
}
