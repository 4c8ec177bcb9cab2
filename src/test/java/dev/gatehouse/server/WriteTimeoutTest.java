package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write clock over real TLS: it measures progress, not the age of a write, so a client that
 * reads slowly but steadily for several timeouts keeps its download (LimitsTest has the client that
 * stops reading altogether and is dropped).
 */
class WriteTimeoutTest {

    @TempDir
    Path dir;

    @Test
    void aSlowButSteadyReaderIsNeverCutOff() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir).property("timeouts.write", "1s");
        try (RandomAccessFile f = new RandomAccessFile(builder.docroot().resolve("big.bin").toFile(), "rw")) {
            f.setLength(256L * 1024 * 1024); // far more than is read below: the server always has output pending
        }
        try (TestServer server = builder.start();
                SSLSocket s = (SSLSocket) server.clientSslContext().getSocketFactory()
                        .createSocket("127.0.0.1", server.httpsPort())) {
            s.setReceiveBufferSize(64 * 1024);
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[16 * 1024];
            long total = 0;
            long end = System.nanoTime() + 4_000_000_000L; // four write timeouts
            while (System.nanoTime() < end) {
                int n = in.read(chunk);
                assertThat(n).as("connection still delivering after %d bytes", total).isPositive();
                total += n;
                // About 4 MB/s at most: the server always has output waiting for the socket, and the
                // kernel still wakes it often (it signals room only once a third of its send buffer,
                // up to 4 MiB here, has drained: a much slower reader would look stalled for seconds).
                Thread.sleep(4);
            }
            assertThat(server.server().openConnections()).isEqualTo(1);
            assertThat(total).isLessThan(256L * 1024 * 1024);
        }
    }
}
