package dev.gatehouse.testing;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.ServerState;
import dev.gatehouse.tls.SslContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Gatehouse on ephemeral loopback ports, started from a config file written into a temp folder,
 * with certificates from a {@link TestPki}. The way tests meet the server is the way users do: over
 * sockets, through TLS.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.builder(tempDir).start()) {
 *     HttpResponse<String> r = server.client().send(server.get("/index.html"), BodyHandlers.ofString());
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {

    private final GatehouseServer server;
    private final TestPki pki;
    private final Path dir;
    private final Path configFile;

    private TestServer(GatehouseServer server, TestPki pki, Path dir, Path configFile) {
        this.server = server;
        this.pki = pki;
        this.dir = dir;
        this.configFile = configFile;
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    public static final class Builder {
        private final Path dir;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private TestPki pki;
        private boolean pemKeys = true;
        private TestPki.KeyKind keyKind = TestPki.KeyKind.EC_P256;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Sets (or, with a null value, removes) a configuration key. */
        public Builder property(String key, String value) {
            if (value == null) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
            return this;
        }

        public Builder pki(TestPki pki) {
            this.pki = pki;
            return this;
        }

        /** Use a PKCS#12 store ({@code tls.key-store}) instead of PEM files. */
        public Builder pkcs12() {
            this.pemKeys = false;
            return this;
        }

        public Builder key(TestPki.KeyKind kind) {
            this.keyKind = kind;
            return this;
        }

        /** The document root, created with an index.html; put more files in it before start(). */
        public Path docroot() {
            Path root = dir.resolve("www");
            try {
                if (!Files.isDirectory(root)) {
                    Files.createDirectories(root);
                    Files.writeString(root.resolve("index.html"), "<!DOCTYPE html><title>test</title><p>hello</p>\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return root;
        }

        /** Writes the config file without starting (for tests of the loader or the CLI). */
        public Path writeConfig() {
            if (pki == null) {
                pki = TestPki.create();
            }
            Path certs = dir.resolve("certs");
            try {
                Files.createDirectories(certs);
                TestPki.Leaf leaf = pki.leaf("localhost").key(keyKind).sans("localhost", "127.0.0.1", "::1").issue();
                properties.putIfAbsent("listener.https.address", "127.0.0.1");
                properties.putIfAbsent("listener.https.port", "0");
                // Tests read access-log lines right after a request: no batching.
                properties.putIfAbsent("log.access-flush", "0s");
                properties.putIfAbsent("listener.http.address", "127.0.0.1");
                properties.putIfAbsent("listener.http.port", "0");
                properties.putIfAbsent("static.root", docroot().toString());
                if (properties.containsKey("tls.letsencrypt-dir")) {
                    // the test brings its own key material
                } else if (pemKeys) {
                    properties.putIfAbsent("tls.certificate", leaf.writeChainPem(certs.resolve("chain.pem")).toString());
                    properties.putIfAbsent("tls.certificate-private-key", leaf.writeKeyPkcs8(certs.resolve("key.pem")).toString());
                } else {
                    properties.putIfAbsent("tls.key-store", leaf.writePkcs12(certs.resolve("site.p12"), "server", "changeit").toString());
                    properties.putIfAbsent("tls.key-store-password", "changeit");
                }
                Path file = dir.resolve("gatehouse.properties");
                try (Writer w = Files.newBufferedWriter(file)) {
                    for (Map.Entry<String, String> e : properties.entrySet()) {
                        w.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
                    }
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public TestServer start() {
            Path file = writeConfig();
            try {
                SslContexts.hardenJdk();
                var config = ConfigLoader.load(file);
                ServerState state = ServerState.build(config, config.protocols().alpn());
                return new TestServer(GatehouseServer.start(state), pki, dir, file);
            } catch (Exception e) {
                throw new IllegalStateException("test server did not start: " + e.getMessage(), e);
            }
        }
    }

    public GatehouseServer server() {
        return server;
    }

    public TestPki pki() {
        return pki;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return configFile;
    }

    public int httpsPort() {
        return server.httpsPort();
    }

    public int httpPort() {
        return server.httpPort();
    }

    public URI https(String path) {
        return URI.create("https://localhost:" + httpsPort() + path);
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + httpPort() + path);
    }

    /** An SSLContext that trusts the test CA only. */
    public SSLContext clientSslContext() {
        return clientSslContext(pki);
    }

    public static SSLContext clientSslContext(TestPki pki) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** JDK HttpClient over HTTP/1.1 trusting the test CA, no proxy, redirects not followed. */
    public HttpClient client() {
        return client(HttpClient.Version.HTTP_1_1, null);
    }

    public HttpClient client(HttpClient.Version version, String... protocols) {
        SSLParameters params = new SSLParameters();
        if (protocols != null && protocols.length > 0) {
            params.setProtocols(protocols);
        }
        return HttpClient.newBuilder()
                .version(version)
                .sslContext(clientSslContext())
                .sslParameters(params)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }
}
