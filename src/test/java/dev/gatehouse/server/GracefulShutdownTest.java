package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM semantics: stop accepting, close idle connections, let in-flight responses finish. */
class GracefulShutdownTest {

    private static final long SIZE = 48L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aDownloadInFlightCompletesAndNewConnectionsAreRefused() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir);
        try (RandomAccessFile big = new RandomAccessFile(builder.docroot().resolve("big.bin").toFile(), "rw")) {
            big.setLength(SIZE);
        }
        TestServer server = builder.start();
        int port = server.httpsPort();
        try (SSLSocket download = (SSLSocket) server.clientSslContext().getSocketFactory().createSocket("127.0.0.1", port);
                SSLSocket idle = (SSLSocket) server.clientSslContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            idle.startHandshake();
            idle.setSoTimeout(10_000);
            download.setSoTimeout(10_000);
            download.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = download.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("content-length: " + SIZE);
            byte[] buf = new byte[64 * 1024];
            long received = 0;
            while (received < 1024 * 1024) {
                received += in.read(buf);
            }

            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.server().stop(Duration.ofSeconds(20)));
            // The idle keep-alive connection is closed at once.
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            // No new connections while draining.
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

            int n;
            while ((n = in.read(buf)) > 0) {
                received += n;
            }
            assertThat(received).isEqualTo(SIZE);
            assertThat(stopped.get(20, TimeUnit.SECONDS)).as("drained within the grace period").isTrue();
        }
    }

    @Test
    void graceEndsResponsesThatTakeTooLong() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir);
        try (RandomAccessFile big = new RandomAccessFile(builder.docroot().resolve("big.bin").toFile(), "rw")) {
            big.setLength(SIZE);
        }
        TestServer server = builder.start();
        try (SSLSocket stalled = (SSLSocket) server.clientSslContext().getSocketFactory().createSocket("127.0.0.1", server.httpsPort())) {
            stalled.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(stalled.getInputStream())).startsWith("HTTP/1.1 200");
            // The client stops reading: the response cannot finish, the grace period must end it.
            long start = System.nanoTime();
            assertThat(server.server().stop(Duration.ofMillis(500))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

}
