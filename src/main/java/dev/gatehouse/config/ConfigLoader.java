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

        ListenerConfig https = new ListenerConfig(address(r, "listener.https.address"),
                r.get("listener.https.port", 443, ValueParsers::port), deferAccept(r, "listener.https.defer-accept"));
        ListenerConfig http = new ListenerConfig(address(r, "listener.http.address"),
                r.get("listener.http.port", 80, ValueParsers::port), deferAccept(r, "listener.http.defer-accept"));
        PlainMode plainMode = r.get("listener.http.mode", PlainMode.REDIRECT, PlainMode::parse);
        ProtocolsConfig protocols = ProtocolKeys.read(r);

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
        IoTransport transport = r.get("server.transport", IoTransport.AUTO, IoTransport::parse);
        int bufferRing = r.get("server.io-uring-buffer-ring", ServerConfig.DEFAULT_BUFFER_RING,
                ConfigLoader::bufferRing);

        SiteConfig site = defaultSite(r, timeouts.handshake());
        List<SiteConfig> sites = new ArrayList<>();
        sites.add(site);
        for (String id : siteIds(r)) {
            sites.add(namedSite(r, id, site));
        }
        checkDistinctNames(r, sites);
        boolean rejectUnknownSni = r.get("tls.reject-unknown-sni", false, ValueParsers::bool);
        Path pidFile = r.path("run.pid-file").orElse(null);
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
        return new ServerConfig(source, https, http, plainMode, List.copyOf(sites), timeouts, limits, accessLog,
                ioThreads, transport, bufferRing, ops, rejectUnknownSni, pidFile, protocols);
    }

    /** {@code listener.*.defer-accept}: {@code off}, or whole seconds up to the maximum (the kernel counts seconds). */
    private static Duration deferAccept(ConfigReader r, String key) {
        return r.get(key, ListenerConfig.DEFAULT_DEFER_ACCEPT, v -> {
            if (v.trim().equalsIgnoreCase("off")) {
                return Duration.ZERO;
            }
            Duration d = null;
            try {
                d = ValueParsers.duration(v);
            } catch (IllegalArgumentException e) {
                // the message below says what is expected
            }
            if (d == null || d.toMillis() % 1000 != 0 || d.compareTo(Duration.ofSeconds(1)) < 0
                    || d.compareTo(ListenerConfig.MAX_DEFER_ACCEPT) > 0) {
                throw new IllegalArgumentException("off, or whole seconds from 1s to "
                        + ListenerConfig.MAX_DEFER_ACCEPT.toSeconds() + "s");
            }
            return d;
        });
    }

    /** Largest ring: Netty takes the size as a {@code short}, so 2^14 is the largest power of two. */
    private static final int MAX_BUFFER_RING = 16384;

    /** {@code server.io-uring-buffer-ring}: {@code off} (0) or a power of two Netty and the kernel accept. */
    private static int bufferRing(String value) {
        if (value.trim().equalsIgnoreCase("off")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 16 && n <= MAX_BUFFER_RING && Integer.bitCount(n) == 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException("off, or a power of two from 16 to " + MAX_BUFFER_RING);
    }

    /** The flat {@code tls.*}, {@code static.*} and {@code headers.*} keys: the default site. */
    private static SiteConfig defaultSite(ConfigReader r, Duration handshakeTimeout) {
        TlsConfig tls = new TlsConfig(keySource(r, "tls."), protocols(r, "tls.protocols", TlsConfig.DEFAULT_PROTOCOLS),
                r.get("tls.ciphers", TlsConfig.DEFAULT_CIPHERS, ValueParsers::list),
                r.get("tls.provider", TlsProvider.AUTO, v -> ValueParsers.enumValue(v, TlsProvider.class)),
                handshakeTimeout, clientAuth(r, "tls.", TlsConfig.ClientAuth.NONE),
                clientCa(r, "tls.", null),
                r.get("tls.session-cache-size", TlsConfig.DEFAULT_SESSION_CACHE_SIZE, v -> ValueParsers.integer(v, 0, 10_000_000)),
                sessionTimeout(r, "tls.", TlsConfig.DEFAULT_SESSION_TIMEOUT),
                ticketKeys(r, "tls.", null));
        requireClientCa(r, "tls.", tls);
        StaticConfig files = StaticConfigReader.read(r, "static.", null);
        String hsts = hsts(r, "headers.hsts", DEFAULT_HSTS);
        boolean securityHeaders = r.get("headers.security", true, ValueParsers::bool);
        return new SiteConfig(DEFAULT_SITE_ID, List.of(), tls, files, hsts, securityHeaders, RouteKeys.read(r, ""));
    }

    /**
     * {@code site.<id>.*}: its own names and key material (required); policy keys it leaves out are
     * taken from the default site, so that a site block stays three or four lines long.
     */
    private static SiteConfig namedSite(ConfigReader r, String id, SiteConfig defaults) {
        String prefix = "site." + id + ".";
        List<String> names = r.get(prefix + "server-names", List.of(), ValueParsers::list);
        List<String> normalized = new ArrayList<>();
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!ServerNames.isValidPattern(n)) {
                r.problem(prefix + "server-names", "\"" + name + "\" (expected: host names such as example.org,"
                        + " or *.example.org for exactly one label)");
            } else if (!normalized.contains(n)) {
                normalized.add(n);
            }
        }
        if (names.isEmpty()) {
            r.problem(prefix + "server-names", "missing (expected: the host names of site " + id
                    + ", e.g. example.org, www.example.org, *.example.org)");
        }
        TlsConfig base = defaults.tls();
        TlsConfig tls = new TlsConfig(keySource(r, prefix + "tls."),
                protocols(r, prefix + "tls.protocols", base.protocols()),
                r.get(prefix + "tls.ciphers", base.ciphers(), ValueParsers::list),
                r.get(prefix + "tls.provider", base.provider(), v -> ValueParsers.enumValue(v, TlsProvider.class)),
                base.handshakeTimeout(), clientAuth(r, prefix + "tls.", base.clientAuth()),
                clientCa(r, prefix + "tls.", base.clientCa()),
                r.get(prefix + "tls.session-cache-size", base.sessionCacheSize(), v -> ValueParsers.integer(v, 0, 10_000_000)),
                sessionTimeout(r, prefix + "tls.", base.sessionTimeout()),
                ticketKeys(r, prefix + "tls.", base.sessionTicketKeys()));
        requireClientCa(r, prefix + "tls.", tls);
        // Every static.* key may be set per site; what a site leaves out is the default site's.
        StaticConfig files = StaticConfigReader.read(r, prefix + "static.", defaults.staticFiles());
        String hsts = hsts(r, prefix + "headers.hsts", defaults.hsts() == null ? "off" : defaults.hsts());
        boolean securityHeaders = r.get(prefix + "headers.security", defaults.securityHeaders(), ValueParsers::bool);
        // Routes belong to their site: a named site has only its own site.<id>.route.<n>.* entries.
        return new SiteConfig(id, List.copyOf(normalized), tls, files, hsts, securityHeaders, RouteKeys.read(r, prefix));
    }

    private static TlsConfig.ClientAuth clientAuth(ConfigReader r, String prefix, TlsConfig.ClientAuth def) {
        return r.get(prefix + "client-auth", def, v -> ValueParsers.enumValue(v, TlsConfig.ClientAuth.class));
    }

    private static Path clientCa(ConfigReader r, String prefix, Path def) {
        Optional<Path> ca = r.path(prefix + "client-ca");
        ca.ifPresent(p -> requireFile(r, prefix + "client-ca", p, "a PEM bundle of the CA certificates that issue"
                + " client certificates"));
        return ca.orElse(def);
    }

    private static Duration sessionTimeout(ConfigReader r, String prefix, Duration def) {
        Duration d = r.get(prefix + "session-timeout", def, ValueParsers::duration);
        if (d.toSeconds() < 1 || d.toDays() > 7) {
            r.problem(prefix + "session-timeout", "\"" + r.raw(prefix + "session-timeout").orElse("")
                    + "\" (expected: from 1s to 7d; TLS 1.3 allows tickets for 7 days at most)");
            return def;
        }
        return d;
    }

    private static Path ticketKeys(ConfigReader r, String prefix, Path def) {
        Optional<Path> file = r.path(prefix + "session-ticket-keys");
        file.ifPresent(p -> requireFile(r, prefix + "session-ticket-keys", p,
                "a file of session ticket keys, one base64 line of 48 random bytes each: openssl rand -base64 48"));
        return file.orElse(def);
    }

    private static void requireClientCa(ConfigReader r, String prefix, TlsConfig tls) {
        if (tls.clientAuth() != TlsConfig.ClientAuth.NONE && tls.clientCa() == null) {
            r.problem(prefix + "client-ca", "missing (expected: with " + prefix + "client-auth="
                    + tls.clientAuth().name().toLowerCase(Locale.ROOT) + ", the PEM file of the CAs whose client"
                    + " certificates are accepted)");
        }
    }

    /** Site ids in file order of first appearance would be nicer, but Properties has none: sorted. */
    private static List<String> siteIds(ConfigReader r) {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>();
        for (String key : r.presentKeys()) {
            if (!key.startsWith("site.")) {
                continue;
            }
            int dot = key.indexOf('.', "site.".length());
            String id = dot < 0 ? "" : key.substring("site.".length(), dot);
            if (!id.matches("[a-z0-9][a-z0-9_-]*") || id.equals(DEFAULT_SITE_ID)) {
                r.markKnown(key);
                r.problem(key, "bad site id \"" + id + "\" (expected: site.<id>.<key> with an id of lower-case"
                        + " letters, digits, - or _, other than \"default\", which the flat keys configure)");
                continue;
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    private static void checkDistinctNames(ConfigReader r, List<SiteConfig> sites) {
        java.util.Map<String, String> owner = new java.util.HashMap<>();
        for (SiteConfig site : sites) {
            for (String name : site.serverNames()) {
                String previous = owner.putIfAbsent(name, site.id());
                if (previous != null) {
                    r.problem("site." + site.id() + ".server-names", "\"" + name + "\" is also a name of site "
                            + previous + " (expected: each name in one site only)");
                }
            }
        }
    }

    private static String hsts(ConfigReader r, String key, String defaultValue) {
        String hsts = r.string(key, defaultValue);
        if (hsts.equalsIgnoreCase("off")) {
            return null;
        }
        if (!hsts.toLowerCase(Locale.ROOT).matches("max-age=\\d+(\\s*;\\s*(includesubdomains|preload))*")) {
            r.problem(key, "\"" + hsts
                    + "\" (expected: off, or a header value such as max-age=63072000; includeSubDomains)");
        }
        return hsts;
    }

    /** Either a PEM pair or a key store, never both; the files must exist (their content is checked later). */
    private static KeySource keySource(ConfigReader r, String prefix) {
        List<Path> certs = r.paths(prefix + "certificate");
        List<Path> keys = r.paths(prefix + "certificate-private-key");
        Optional<Secret> keyPassword = r.secret(prefix + "key-password");
        Optional<Path> store = r.path(prefix + "key-store");
        Optional<Secret> storePassword = r.secret(prefix + "key-store-password");
        Optional<String> alias = r.raw(prefix + "key-alias");
        Optional<Path> letsEncrypt = r.path(prefix + "letsencrypt-dir");

        if (letsEncrypt.isPresent()) {
            if (!certs.isEmpty() || !keys.isEmpty() || store.isPresent()) {
                r.problem(prefix + "letsencrypt-dir", "set together with " + prefix + "certificate or " + prefix
                        + "key-store (expected: one of them; letsencrypt-dir stands for fullchain.pem + privkey.pem)");
            }
            Path chain = letsEncrypt.get().resolve("fullchain.pem");
            Path key = letsEncrypt.get().resolve("privkey.pem");
            requireFile(r, prefix + "letsencrypt-dir", chain, "fullchain.pem as certbot writes it");
            requireFile(r, prefix + "letsencrypt-dir", key, "privkey.pem as certbot writes it");
            return new KeySource.PemFiles(List.of(chain), List.of(key), keyPassword.orElse(null));
        }
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

    private static List<String> protocols(ConfigReader r, String key, List<String> defaults) {
        List<String> protocols = r.get(key, defaults, ValueParsers::list);
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
