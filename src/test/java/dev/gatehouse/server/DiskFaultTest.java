package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that change under a download end that response cleanly: the connection closes, no hang, no corrupt keep-alive. */
class DiskFaultTest {

    private static final long SIZE = 64L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aFileTruncatedMidDownloadEndsTheConnection() throws Exception {
        assertEndsCleanly(file -> {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(1024 * 1024);
            }
        });
    }

    @Test
    void aFileDeletedMidDownloadIsServedFromTheOpenHandleOrEndsCleanly() throws Exception {
        assertEndsCleanly(Files::delete);
    }

    interface Fault {
        void apply(Path file) throws Exception;
    }

    private void assertEndsCleanly(Fault fault) throws Exception {
        TestServer.Builder builder = TestServer.builder(dir);
        Path file = builder.docroot().resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        try (TestServer server = builder.start();
                SSLSocket s = (SSLSocket) server.clientSslContext().getSocketFactory().createSocket("127.0.0.1", server.httpsPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long received = 0;
            while (received < 4 * 1024 * 1024) {
                received += in.read(buf);
            }
            fault.apply(file);
            // Read on: either the whole promised body arrives and the pipelined second response
            // follows (deleted file: the open handle keeps serving), or the connection ends early.
            StringBuilder tail = new StringBuilder();
            boolean ended = false;
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    long before = received;
                    received += n;
                    if (received > SIZE) {
                        int from = (int) Math.max(0, SIZE - before);
                        tail.append(new String(buf, from, n - from, StandardCharsets.ISO_8859_1));
                        if (tail.indexOf("\r\n\r\n") >= 0 && tail.indexOf("hello") >= 0) {
                            break;
                        }
                    }
                }
                ended = n <= 0;
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the connection hung after the file changed (" + received + " bytes)", e);
            } catch (java.io.IOException e) {
                ended = true; // a reset is also a clean end here
            }
            if (received < SIZE) {
                assertThat(ended).as("short body: the connection must end").isTrue();
            } else {
                assertThat(tail.toString().replace("\u0000", "")).as("full body, then the next response intact").startsWith("HTTP/1.1 200");
            }
            assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }
}
