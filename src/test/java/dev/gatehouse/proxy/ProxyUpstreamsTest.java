package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https upstreams (trust and host name checks), active health checks, upstream header limits. */
class ProxyUpstreamsTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Backend plainA;
    static Backend plainB;
    static Backend secure;

    @BeforeAll
    static void start() throws Exception {
        plainA = new Backend("a");
        plainB = new Backend("b");
        // A separate CA that no default trust store knows.
        TestPki upstreamPki = TestPki.create();
        TestPki.Leaf leaf = upstreamPki.leaf("upstream").sans("localhost").issue();
        Path p12 = leaf.writePkcs12(dir.resolve("upstream.p12"), "up", "changeit");
        Path ca = upstreamPki.writeCaPem(dir.resolve("upstream-ca.pem"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        secure = new Backend("secure", https);
        int port = secure.port();
        server = TestServer.builder(dir)
                .property("route.10.match", "/tls/**").property("route.10.proxy", "https://localhost:" + port)
                .property("route.10.proxy.tls.ca", ca.toString())
                .property("route.11.match", "/tls-default-trust/**").property("route.11.proxy", "https://localhost:" + port)
                .property("route.12.match", "/tls-wrong-name/**").property("route.12.proxy", "https://127.0.0.1:" + port)
                .property("route.12.proxy.tls.ca", ca.toString())
                .property("route.20.match", "/checked/**").property("route.20.proxy", plainA.url() + ", " + plainB.url())
                .property("route.20.proxy.health-uri", "/healthz").property("route.20.proxy.health-interval", "100ms")
                .property("route.30.match", "/limited/**").property("route.30.proxy", plainA.url())
                .property("route.30.proxy.max-header-size", "16KiB")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        plainA.close();
        plainB.close();
        secure.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return server.client().send(HttpRequest.newBuilder(server.https(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsUpstreamVerifiedAgainstTheConfiguredCa() throws Exception {
        HttpResponse<String> r = get("/tls/echo");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("backend=secure");
    }

    @Test
    void httpsUpstreamUnknownToTheJdkTrustStoreIsRefused() throws Exception {
        assertThat(get("/tls-default-trust/echo").statusCode()).isEqualTo(502);
    }

    @Test
    void httpsUpstreamWhoseCertificateDoesNotNameItIsRefused() throws Exception {
        assertThat(get("/tls-wrong-name/echo").statusCode()).isEqualTo(502);
    }

    @Test
    void activeHealthChecksTakeAnUpstreamOutAndBackIn() throws Exception {
        assertThat(get("/checked/echo").statusCode()).isEqualTo(200); // starts the checks
        plainB.healthStatus = 503;
        try {
            assertThat(eventuallyOnly("a")).as("b taken out of rotation").isTrue();
        } finally {
            plainB.healthStatus = 200;
        }
        assertThat(eventuallySeen("b")).as("b back in rotation").isTrue();
    }

    /** Bounded polling: true once 6 requests in a row were answered by {@code backend} alone. */
    private static boolean eventuallyOnly(String backend) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = get("/checked/echo");
                assertThat(r.statusCode()).isEqualTo(200);
                seen.add(r.headers().firstValue("x-backend").orElse("?"));
            }
            if (seen.equals(Set.of(backend))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean eventuallySeen(String backend) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            for (int i = 0; i < 4; i++) {
                if (get("/checked/echo").headers().firstValue("x-backend").orElse("?").equals(backend)) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void oversizedUpstreamResponseHeadIs502() throws Exception {
        HttpResponse<String> r = get("/limited/huge-head");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("x-big")).isEmpty();
        assertThat(get("/limited/echo").statusCode()).isEqualTo(200);
    }
}
