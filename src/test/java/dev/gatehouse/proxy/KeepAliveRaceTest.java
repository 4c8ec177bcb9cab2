package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that answers one request per connection and then closes on the next one without a
 * word (what the keep-alive race looks like from the proxy): idempotent requests without a body are
 * sent again on a fresh connection, others get 502.
 */
class KeepAliveRaceTest {

    @TempDir
    Path dir;

    @Test
    void bodilessGetIsRetriedOnAFreshConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket backend = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> serve(backend, connections), "one-shot-backend");
            acceptor.setDaemon(true);
            acceptor.start();
            try (TestServer server = TestServer.builder(dir).property("route.1.proxy", "http://127.0.0.1:" + backend.getLocalPort())
                    .start()) {
                for (int i = 0; i < 4; i++) {
                    HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(server.https("/x" + i)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("GET " + i).isEqualTo(200);
                    assertThat(r.body()).isEqualTo("ok");
                }
                HttpResponse<String> post = server.client().send(HttpRequest.newBuilder(server.https("/p"))
                        .POST(HttpRequest.BodyPublishers.ofString("once")).build(), HttpResponse.BodyHandlers.ofString());
                // A request with a body is never sent twice.
                assertThat(post.statusCode()).isEqualTo(502);
            }
        }
        // GET 0 opens connection 1; GETs 1-3 each find the previous connection pooled, lose it, and
        // retry on a new one; the POST reuses connection 4 and is not retried: 4 connections in all.
        assertThat(connections.get()).isEqualTo(4);
    }

    private static void serve(ServerSocket backend, AtomicInteger connections) {
        for (int n = 0; n < 32; n++) {
            try {
                Socket s = backend.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> oneShot(s));
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void oneShot(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String head = readHead(in);
            int cl = head.toLowerCase().indexOf("content-length:");
            if (cl >= 0) {
                int len = Integer.parseInt(head.substring(cl + 15, head.indexOf('\r', cl)).trim());
                in.readNBytes(len);
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            readHead(in); // the next request: closed without an answer
        } catch (IOException ignored) {
            // the proxy went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 65536; i++) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }
}
