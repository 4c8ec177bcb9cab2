package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** headers.security=false drops Referrer-Policy and X-Frame-Options; a route can still add its own. */
class SecurityPresetOffTest {

    @TempDir
    Path dir;

    @Test
    void presetOffKeepsNosniffAndRouteHeaders() throws Exception {
        TestServer.Builder b = TestServer.builder(dir).property("headers.security", "false")
                .property("route.1.match", "/framed.html").property("route.1.header.set.X-Frame-Options", "DENY");
        Files.writeString(b.docroot().resolve("framed.html"), "<p>x</p>");
        try (TestServer server = b.start()) {
            HttpResponse<String> plain = server.client().send(HttpRequest.newBuilder(server.https("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("referrer-policy")).isEmpty();
            assertThat(plain.headers().firstValue("x-frame-options")).isEmpty();
            assertThat(plain.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            HttpResponse<String> framed = server.client().send(HttpRequest.newBuilder(server.https("/framed.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(framed.headers().firstValue("x-frame-options")).hasValue("DENY");
        }
    }
}
