package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.MiniJson;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access log lines in both formats carry host, TLS, protocol, duration, bytes and the request id. */
class AccessLogFormatTest {

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

    private String lastLine() throws InterruptedException {
        // Written after the response is flushed: allow the event loop a moment (bounded).
        for (int i = 0; i < 100 && lines.messages().isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(lines.messages()).isNotEmpty();
        return lines.last();
    }

    @Test
    void jsonLinesParseWithStableFields() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("log.access-format", "json").start()) {
            HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(server.https("/index.html?a=\"b\""
                    .replace("\"", "%22"))).header("X-Request-Id", "req-42.abc").header("User-Agent", "agent \"q\" \\")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-request-id")).contains("req-42.abc");
            String line = lastLine();
            assertThat(line).doesNotContain("\n");
            Map<String, Object> o = MiniJson.object(line);
            assertThat(o.keySet()).containsExactly("time", "remote", "host", "method", "target", "protocol", "status",
                    "bytes", "duration_ms", "tls_protocol", "tls_cipher", "request_id", "referer", "user_agent", "site",
                    "upstream", "user");
            assertThat(o).containsEntry("remote", "127.0.0.1").containsEntry("host", "localhost:" + server.httpsPort())
                    .containsEntry("method", "GET").containsEntry("target", "/index.html?a=%22b%22")
                    .containsEntry("protocol", "HTTP/1.1").containsEntry("status", 200.0)
                    .containsEntry("bytes", (double) r.body().length()).containsEntry("tls_protocol", "TLSv1.3")
                    .containsEntry("request_id", "req-42.abc").containsEntry("user_agent", "agent \"q\" \\")
                    .containsEntry("site", "default").containsEntry("upstream", null).containsEntry("user", null);
            assertThat((String) o.get("tls_cipher")).startsWith("TLS_");
            assertThat((Double) o.get("duration_ms")).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Test
    void combinedLineHasTheExtraFieldsAndAGeneratedId() throws Exception {
        try (TestServer server = TestServer.builder(dir).start()) {
            HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(server.https("/index.html"))
                    .header("X-Request-Id", "bad id with spaces").build(), HttpResponse.BodyHandlers.ofString());
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertThat(id).matches("[0-9a-f]{32}");
            String line = lastLine();
            assertThat(line).matches("127\\.0\\.0\\.1 - - \\[[^\\]]+\\] \"GET /index\\.html HTTP/1\\.1\" 200 \\d+ \"-\" \"[^\"]*\" "
                    + "\"localhost:\\d+\" TLSv1\\.3 TLS_\\w+ \\d+\\.\\d{3} " + id + " \"-\"");
        }
    }

    @Test
    void requestIdsAreSanitised() {
        assertThat(RequestRecord.requestId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")).isEqualTo("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        for (String bad : List.of("", "a b", "x\"y", "a\nb", "x".repeat(129), "é")) {
            assertThat(RequestRecord.requestId(bad)).matches("[0-9a-f]{32}");
        }
        assertThat(RequestRecord.requestId(null)).isNotEqualTo(RequestRecord.requestId(null));
    }
}
