package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small responses are encoded and written below the chunked writer when nothing is queued ahead of
 * them (ResponseWriter's direct path). Pipelined behind a streamed file they must still come after
 * it, whole; and HEAD never gets a body, not even an error page's.
 */
class PipelinedMixTest {

    @TempDir
    Path dir;

    @Test
    void smallRepliesPipelinedAroundAStreamedFileKeepTheirOrderAndLengths() throws Exception {
        TestServer.Builder b = TestServer.builder(dir);
        Files.writeString(b.docroot().resolve("small.txt"), "small body");
        byte[] big = new byte[24 * 1024 * 1024]; // streamed, and more than loopback socket buffers hold: it is still being written when the next requests are read
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Files.write(b.docroot().resolve("big.txt"), big);
        try (TestServer server = b.start()) {
            String request = "GET /small.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /big.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /small.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "HEAD /missing HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /small.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            String wire = RawTls.exchange(server.clientSslContext(), server.httpsPort(), request);
            List<String> statuses = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            int at = 0;
            boolean[] head = {false, false, false, true, false};
            for (int i = 0; i < 5; i++) {
                int end = wire.indexOf("\r\n\r\n", at);
                assertThat(end).as("head of response %d", i + 1).isPositive();
                String headText = wire.substring(at, end);
                statuses.add(headText.substring(0, headText.indexOf("\r\n")));
                int length = Integer.parseInt(headText.replaceAll("(?s).*\r\ncontent-length: (\\d+).*", "$1"));
                int bodyLength = head[i] ? 0 : length;
                bodies.add(wire.substring(end + 4, end + 4 + bodyLength));
                at = end + 4 + bodyLength;
            }
            assertThat(at).as("nothing after the last response").isEqualTo(wire.length());
            assertThat(statuses).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK",
                    "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK");
            assertThat(bodies.get(0)).isEqualTo("small body");
            assertThat(bodies.get(1)).isEqualTo(new String(big, java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(bodies.get(2)).isEqualTo("small body");
            assertThat(bodies.get(3)).isEmpty();
            assertThat(bodies.get(4)).isEqualTo("small body");
        }
    }
}
