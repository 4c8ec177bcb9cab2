package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every limit hit over real TLS: the right status or a closed connection, and honest clients unaffected. */
class LimitsTest {

    @TempDir
    Path dir;

    private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @Test
    void tooManyHeaderFieldsGet431() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.max-headers", "10").start()) {
            StringBuilder headers = new StringBuilder();
            for (int i = 0; i < 11; i++) {
                headers.append("X-H").append(i).append(": v\r\n");
            }
            assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "GET / HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n")).startsWith("HTTP/1.1 431 ");
            assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(), GET)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void declaredBodyOverTheLimitGets413() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.max-request-body", "1KiB").start()) {
            String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2048\r\n\r\n" + "x".repeat(2048));
            assertThat(response).startsWith("HTTP/1.1 413 ").contains("connection: close");
        }
    }

    @Test
    void chunkedBodyOverTheLimitClosesTheConnection() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.max-request-body", "1KiB").start()) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                body.append("200\r\n").append("y".repeat(512)).append("\r\n");
            }
            String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + body + "0\r\n\r\n"
                            + "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response).doesNotContain("[timeout: connection still open]");
            assertThat(response).doesNotContain("HTTP/1.1 200");
        }
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.rate.requests-per-second", "1")
                .property("limits.rate.burst", "3").start()) {
            long before = dev.gatehouse.logging.LimitEvents.count(dev.gatehouse.logging.LimitEvents.Kind.RATE);
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                pipelined.append("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            }
            String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(), pipelined.toString());
            assertThat(response.split("HTTP/1.1 200 ", -1)).hasSize(4);
            assertThat(response).contains("HTTP/1.1 429 Too Many Requests").contains("retry-after: 1");
            assertThat(dev.gatehouse.logging.LimitEvents.count(dev.gatehouse.logging.LimitEvents.Kind.RATE))
                    .as("counted for gatehouse_limit_hits_total").isGreaterThan(before);
        }
    }

    @Test
    void connectionsPerIpAreCapped() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.max-connections-per-ip", "2").start()) {
            try (SSLSocket a = open(server); SSLSocket b = open(server)) {
                a.startHandshake();
                b.startHandshake();
                SSLSocket c = open(server);
                c.setSoTimeout(5000);
                assertThat(handshakeFails(c)).isTrue();
            }
            // Once the two close, new connections are admitted again.
            Thread.sleep(200);
            assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(), GET)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void keepAliveEndsAfterMaxRequests() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("limits.max-requests-per-connection", "2").start()) {
            String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(3));
            assertThat(response.split("HTTP/1.1 200 ", -1)).hasSize(3);
            assertThat(response).doesNotContain("[timeout: connection still open]");
        }
    }

    @Test
    void aClientThatStopsReadingIsDropped() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir).property("timeouts.write", "1s");
        try (RandomAccessFile f = new RandomAccessFile(builder.docroot().resolve("big.bin").toFile(), "rw")) {
            f.setLength(64L * 1024 * 1024);
        }
        try (TestServer server = builder.start(); SSLSocket s = open(server)) {
            s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long deadline = System.currentTimeMillis() + 15_000;
            while (server.server().openConnections() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(server.server().openConnections()).as("stalled reader dropped").isZero();
            assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(), GET)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void aStalledBodyIsCutAfterTheBodyTimeout() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("timeouts.request-body", "500ms").start();
                SSLSocket s = open(server)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = RawTls.readAll(in);
            assertThat(response).startsWith("HTTP/1.1 405 ").doesNotContain("[timeout: connection still open]");
        }
    }

    private static SSLSocket open(TestServer server) throws Exception {
        return (SSLSocket) server.clientSslContext().getSocketFactory().createSocket("127.0.0.1", server.httpsPort());
    }

    private static boolean handshakeFails(SSLSocket s) {
        try (s) {
            s.startHandshake();
            s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().read() < 0;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
