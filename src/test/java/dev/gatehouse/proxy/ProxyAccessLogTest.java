package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log line of a proxied, authenticated request names the user, the upstream and its time. */
class ProxyAccessLogTest {

    @TempDir
    Path dir;
    private LogCapture lines;

    @BeforeEach
    void capture() {
        lines = LogCapture.of("gatehouse.access");
    }

    @AfterEach
    void release() {
        lines.close();
    }

    @Test
    void combinedLineCarriesUserUpstreamAndUpstreamTime() throws Exception {
        Path users = dir.resolve("users");
        Files.writeString(users, "carol:" + OpenBSDBCrypt.generate("2y", "secret".toCharArray(), new byte[16], 4) + "\n");
        try (Backend backend = new Backend("logged");
                TestServer server = TestServer.builder(dir).property("route.1.proxy", backend.url())
                        .property("route.1.auth.basic.users-file", users.toString()).start()) {
            String token = Base64.getEncoder().encodeToString("carol:secret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(server.https("/echo"))
                    .header("Authorization", "Basic " + token).header("X-Request-Id", "trace-7").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            // The request id reaches the upstream and comes back on the response.
            assertThat(r.body()).contains("h.x-request-id=trace-7");
            assertThat(r.headers().firstValue("x-request-id")).hasValue("trace-7");
            String line = null;
            for (int i = 0; i < 100 && line == null; i++) {
                line = lines.messages().stream().filter(l -> l.contains("/echo"))
                        .findFirst().orElse(null);
                if (line == null) {
                    Thread.sleep(20);
                }
            }
            assertThat(line).matches("127\\.0\\.0\\.1 - carol \\[[^\\]]+\\] \"GET /echo HTTP/1\\.1\" 200 \\d+ .* trace-7 "
                    + "\"127\\.0\\.0\\.1:" + backend.port() + "\" \\d+\\.\\d{3}");
        }
    }
}
