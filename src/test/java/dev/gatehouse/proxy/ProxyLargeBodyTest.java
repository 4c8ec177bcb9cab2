package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import io.netty.util.internal.PlatformDependent;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1 GiB down and 1 GiB up through the proxy, in a JVM whose heap is capped at 256 MiB (Netty's
 * direct memory limit follows it), with direct memory sampled during the transfers: buffering either
 * body would fail; streaming with back-pressure needs a few pooled chunks.
 */
class ProxyLargeBodyTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Backend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = new Backend("large");
        // The global body limit (1 MiB by default) applies to proxied uploads too.
        server = TestServer.builder(dir).property("route.1.proxy", backend.url())
                .property("limits.max-request-body", "2GiB").start();
    }

    @AfterAll
    static void stop() {
        server.close();
        backend.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return server.client().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneGibibyteEachWayInBoundedMemory() throws Exception {
        // The surefire execution "large-bodies" in pom.xml runs this class alone with -Xmx256m.
        assertThat(Runtime.getRuntime().maxMemory())
                .as("heap cap; run alone with: mvn test-compile surefire:test@large-bodies")
                .isLessThanOrEqualTo(256L * 1024 * 1024);
        long size = 1024L * 1024 * 1024;
        long[] peak = {0};
        HttpResponse<InputStream> r = server.client().send(
                HttpRequest.newBuilder(server.https("/big?size=" + size)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        CRC32 got = new CRC32();
        CRC32 want = new CRC32();
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        byte[] expected = new byte[buf.length];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    expected[i] = Backend.pattern(total + i);
                }
                got.update(buf, 0, n);
                want.update(expected, 0, n);
                total += n;
                if ((total & ((16 << 20) - 1)) < n) {
                    peak[0] = Math.max(peak[0], PlatformDependent.usedDirectMemory());
                }
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(got.getValue()).isEqualTo(want.getValue());

        long upload = 1024L * 1024 * 1024;
        CRC32 sent = new CRC32();
        InputStream generated = new InputStream() {
            long pos;

            @Override
            public int read() {
                if (pos >= upload) {
                    return -1;
                }
                byte v = Backend.pattern(pos++);
                sent.update(v);
                return v & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= upload) {
                    return -1;
                }
                int n = (int) Math.min(len, upload - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = Backend.pattern(pos + i);
                }
                sent.update(b, off, n);
                pos += n;
                if ((pos & ((16 << 20) - 1)) < n) {
                    peak[0] = Math.max(peak[0], PlatformDependent.usedDirectMemory());
                }
                return n;
            }
        };
        HttpResponse<String> up = send(HttpRequest.newBuilder(server.https("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> generated)));
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo(upload + " " + Long.toHexString(sent.getValue()));
        // Buffering either body whole would take hundreds of MiB; streaming needs a few pooled chunks.
        System.out.println("peak Netty direct memory during 2 GiB of transfers: " + (peak[0] >> 20) + " MiB");
        assertThat(peak[0]).isLessThan(96L * 1024 * 1024);
    }
}
