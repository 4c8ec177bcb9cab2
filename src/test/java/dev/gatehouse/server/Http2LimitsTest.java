package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-request limits of HTTP/1.1 apply to HTTP/2 streams too; a refusal ends the stream, not the connection. */
class Http2LimitsTest {

    @TempDir
    Path dir;

    @Test
    void rateLimitAnswers429OnTheStreamAndTheConnectionGoesOn() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.rate.requests-per-second", "0.5")
                .property("limits.rate.burst", "2").start()) {
            HttpClient client = server.client(HttpClient.Version.HTTP_2, "TLSv1.3");
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(client.send(HttpRequest.newBuilder(server.https("/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            assertThat(responses).allSatisfy(r -> assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2));
            assertThat(responses.get(0).statusCode()).isEqualTo(200);
            assertThat(responses.get(1).statusCode()).isEqualTo(200);
            assertThat(responses.get(2).statusCode()).isEqualTo(429);
            assertThat(responses.get(2).headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
            assertThat(responses.get(3).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void tooManyHeaderFieldsGet431OnTheStream() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.max-headers", "10").start()) {
            HttpClient client = server.client(HttpClient.Version.HTTP_2, "TLSv1.3");
            HttpRequest.Builder many = HttpRequest.newBuilder(server.https("/"));
            for (int i = 0; i < 12; i++) {
                many.header("x-h" + i, "v");
            }
            HttpResponse<String> refused = client.send(many.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(refused.statusCode()).isEqualTo(431);
            assertThat(client.send(HttpRequest.newBuilder(server.https("/")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
        }
    }
}
