package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that walks away in the middle of a 100 MiB download must not leave the file open nor
 * buffers behind (the surefire run uses Netty's paranoid leak detector, which fails loudly on leaked
 * buffers in the log; here we count file descriptors of this JVM, where the server runs).
 */
class AbortedDownloadHttpsTest {

    @TempDir
    Path dir;

    @Test
    void abortMidDownloadThenThousandRequestsWithoutFdGrowth() throws Exception {
        TestServer.Builder b = TestServer.builder(dir);
        Path big = b.docroot().resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(100L * 1024 * 1024);
        }
        Files.writeString(b.docroot().resolve("small.txt"), "small");
        try (TestServer server = b.start()) {
            var client = server.client();
            client.send(HttpRequest.newBuilder(server.https("/small.txt")).build(), HttpResponse.BodyHandlers.ofString());
            long baseline = openFds();

            for (String range : new String[] {null, "bytes=0-,1-2", "bytes=0-99999999,1000-2000"}) {
                abortAfterOneMebibyte(server, range);
            }
            awaitNoHandleOn(big);
            assertThat(handlesOn(big)).as("descriptors still open on the aborted file").isZero();

            for (int i = 0; i < 1000; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.https("/small.txt"))
                        .header("Range", i % 2 == 0 ? "bytes=0-1" : "bytes=0-0,2-3").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(206);
            }
            // Same connection pool, same server: nothing may have accumulated. A small slack covers
            // descriptors the JDK itself opens lazily (jars, entropy), never one per request.
            assertThat(openFds()).isLessThanOrEqualTo(baseline + 8);
            assertThat(handlesOn(big)).isZero();
        }
    }

    private static void abortAfterOneMebibyte(TestServer server, String range) throws IOException {
        try (SSLSocket s = (SSLSocket) server.clientSslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            String req = "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n" + (range == null ? "" : "Range: " + range + "\r\n") + "\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < 1024 * 1024) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
            }
            // leave without reading the rest; closing the socket resets the connection mid-transfer
            s.setSoLinger(true, 0);
        }
    }

    private static void awaitNoHandleOn(Path file) throws Exception {
        for (int i = 0; i < 200 && handlesOn(file) > 0; i++) {
            Thread.sleep(50); // the server learns of the reset on its next write
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long handlesOn(Path file) throws IOException {
        Path real = file.toRealPath();
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            }
        }
        return n;
    }
}
