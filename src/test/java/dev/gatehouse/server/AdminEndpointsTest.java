package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.MiniJson;
import dev.gatehouse.testing.PrometheusFormat;
import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener: /metrics in valid Prometheus text that follows traffic, /health, /status, token. */
class AdminEndpointsTest {

    @TempDir
    Path dir;

    private static final HttpClient PLAIN = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> admin(TestServer server, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server().adminPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return PLAIN.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Double> scrape(TestServer server) throws Exception {
        HttpResponse<String> r = admin(server, "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusFormat.parse(r.body());
    }

    @Test
    void metricsParseAndMoveWithTraffic() throws Exception {
        // unified=false: the plain request below must fail the handshake, not be redirected (issue 5).
        try (TestServer server = TestServer.builder(dir).property("admin.port", "0")
                .property("listener.https.unified", "false").start()) {
            Map<String, Double> before = scrape(server);
            String ok = "gatehouse_http_requests_total{site=\"default\",method=\"GET\",status=\"2xx\",protocol=\"HTTP/1.1\"}";
            String notFound = "gatehouse_http_requests_total{site=\"default\",method=\"GET\",status=\"4xx\",protocol=\"HTTP/1.1\"}";
            long bodyBytes = 0;
            HttpClient client = server.client();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.https("/index.html")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                bodyBytes += r.body().getBytes(StandardCharsets.UTF_8).length;
            }
            assertThat(client.send(HttpRequest.newBuilder(server.https("/missing")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            // Plain HTTP to the TLS port: a handshake failure with its own reason.
            try (Socket s = new Socket("127.0.0.1", server.httpsPort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read(new byte[256]);
            } catch (java.io.IOException expected) {
                // The server may reset the connection.
            }
            Map<String, Double> after = waitFor(server, m -> PrometheusFormat.sum(m, "gatehouse_tls_handshakes_total",
                    "result=\"plain_http\"") > PrometheusFormat.sum(before, "gatehouse_tls_handshakes_total",
                    "result=\"plain_http\""));

            assertThat(after.getOrDefault(ok, 0.0) - before.getOrDefault(ok, 0.0)).isEqualTo(3.0);
            assertThat(after.getOrDefault(notFound, 0.0) - before.getOrDefault(notFound, 0.0)).isEqualTo(1.0);
            double sentBefore = before.getOrDefault("gatehouse_http_sent_bytes_total{site=\"default\"}", 0.0);
            assertThat(after.get("gatehouse_http_sent_bytes_total{site=\"default\"}") - sentBefore)
                    .isGreaterThanOrEqualTo(bodyBytes);
            assertThat(after.get("gatehouse_http_request_duration_seconds_count{}")
                    - before.getOrDefault("gatehouse_http_request_duration_seconds_count{}", 0.0)).isEqualTo(4.0);
            assertThat(PrometheusFormat.sum(after, "gatehouse_tls_handshakes_total", "result=\"success\"")
                    - PrometheusFormat.sum(before, "gatehouse_tls_handshakes_total", "result=\"success\""))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(PrometheusFormat.sum(after, "gatehouse_tls_handshakes_total", "protocol=\"TLSv1.3\"",
                    "cipher=\"TLS_AES_", "result=\"success\"")).isGreaterThanOrEqualTo(1.0);
            assertThat(after).containsKey("gatehouse_open_connections{}").containsKey("gatehouse_draining{}")
                    .containsKey("gatehouse_reloads_total{result=\"success\"}")
                    .containsKey("gatehouse_jvm_memory_bytes{area=\"heap\",kind=\"used\"}");
            assertThat(after.keySet()).anyMatch(k -> k.startsWith("gatehouse_jvm_gc_collections_total{gc="));
            assertThat(after.get("gatehouse_draining{}")).isZero();
        }
    }

    private static Map<String, Double> waitFor(TestServer server, java.util.function.Predicate<Map<String, Double>> ok)
            throws Exception {
        Map<String, Double> m = scrape(server);
        for (int i = 0; i < 100 && !ok.test(m); i++) {
            Thread.sleep(50);
            m = scrape(server);
        }
        return m;
    }

    @Test
    void certificateExpiryEqualsNotAfter() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("admin.port", "0").start()) {
            X509Certificate leaf = server.server().state().defaultSite().tls().material().leaf();
            Map<String, Double> m = scrape(server);
            String key = "gatehouse_tls_certificate_not_after_seconds{site=\"default\",serial=\""
                    + leaf.getSerialNumber().toString(16) + "\",subject=\""
                    + leaf.getSubjectX500Principal().getName().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            assertThat(m).containsKey(key);
            assertThat(m.get(key).longValue()).isEqualTo(leaf.getNotAfter().getTime() / 1000);
        }
    }

    @Test
    void statusIsJsonWithCertificatesAndListeners() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("admin.port", "0").start()) {
            HttpResponse<String> r = admin(server, "/status", null);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> status = MiniJson.object(r.body());
            assertThat(status).containsKeys("version", "uptime_seconds", "sites", "certificates", "listeners", "engine");
            assertThat(status.get("state")).isEqualTo("serving");
            @SuppressWarnings("unchecked")
            Map<String, Object> cert = ((List<Map<String, Object>>) status.get("certificates")).get(0);
            assertThat(((Double) cert.get("days_left")).intValue()).isBetween(1, 400);
            assertThat(r.body()).contains("\"port\":" + server.httpsPort());
            @SuppressWarnings("unchecked")
            Map<String, Object> engine = (Map<String, Object>) status.get("engine");
            assertThat(((Double) engine.get("read_buffer_ring")).intValue()).isEqualTo(server.server().readBufferRing());
        }
    }

    @Test
    void tokenIsEnforced() throws Exception {
        String token = "s3cret-token-0123456789";
        try (TestServer server = TestServer.builder(dir).property("admin.port", "0").property("admin.token", token).start()) {
            for (String path : List.of("/metrics", "/health", "/status")) {
                HttpResponse<String> none = admin(server, path, null);
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(admin(server, path, token + "x").statusCode()).isEqualTo(401);
                assertThat(admin(server, path, token.substring(1)).statusCode()).isEqualTo(401);
                assertThat(admin(server, path, token).statusCode()).isEqualTo(200);
            }
            assertThat(admin(server, "/nope", token).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void healthFlipsTo503WhileDraining() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir).property("admin.port", "0");
        // Large enough that the response cannot fit into the socket buffers of an idle reader.
        byte[] big = new byte[32 * 1024 * 1024];
        Files.write(builder.docroot().resolve("big.bin"), big);
        TestServer server = builder.start();
        try {
            assertThat(admin(server, "/health", null).statusCode()).isEqualTo(200);
            SSLSocket socket = (SSLSocket) server.clientSslContext().getSocketFactory()
                    .createSocket("127.0.0.1", server.httpsPort());
            try (socket) {
                socket.setReceiveBufferSize(4096);
                OutputStream out = socket.getOutputStream();
                out.write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                in.read(new byte[1024]); // the response has started; now stop reading
                CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                        () -> server.server().stop(Duration.ofSeconds(20)));
                int status = 0;
                for (int i = 0; i < 100 && status != 503; i++) {
                    status = admin(server, "/health", null).statusCode();
                    if (status != 503) {
                        Thread.sleep(50);
                    }
                }
                assertThat(status).isEqualTo(503);
                assertThat(MiniJson.object(admin(server, "/status", null).body()).get("state")).isEqualTo("draining");
                assertThat(stopped).isNotDone();
                socket.close();
                assertThat(stopped.get(30, TimeUnit.SECONDS)).isNotNull();
            }
        } finally {
            server.server().stop(Duration.ofSeconds(1));
        }
    }
}
