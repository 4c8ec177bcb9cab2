package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.testing.TestServer;
import io.netty.channel.uring.IoUring;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code server.transport=io_uring} the proxy's upstream connections run on the same io_uring loops. */
class ProxyOnIoUringTest {

    @TempDir
    Path dir;

    @Test
    void proxiesOverIoUringLoops() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring does not load here");
        try (Backend backend = new Backend("u");
                TestServer server = TestServer.builder(dir).property("server.transport", "io_uring")
                        .property("route.10.match", "/api/**").property("route.10.proxy", backend.url()).start()) {
            for (int i = 0; i < 3; i++) { // the second and third reuse the pooled upstream connection
                HttpResponse<String> r = server.client().send(
                        HttpRequest.newBuilder(server.https("/api/echo?x=" + i)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).contains("method=GET\n", "uri=/api/echo?x=" + i + "\n");
            }
        }
    }
}
