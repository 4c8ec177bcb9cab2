package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ExternalTool;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The known HTTP/2 attacks, each from a small Python {@code h2} client (src/test/resources/h2peer.py):
 * the connection ends with GOAWAY (or the stream with RST_STREAM), the peer is logged once, and a
 * normal request on a new connection still succeeds.
 */
class Http2DefencesTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Path ca;
    static Path script;
    static String python;

    @BeforeAll
    static void start() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir).property("timeouts.idle", "2s");
        Path root = builder.docroot();
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        byte[] big = new byte[4 * 1024 * 1024];
        new Random(3).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        server = builder.start();
        ca = server.pki().writeCaPem(dir.resolve("ca.pem"));
        script = dir.resolve("h2peer.py");
        try (InputStream in = Http2DefencesTest.class.getResourceAsStream("/h2peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        python = pythonWithH2(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Debian's python3-h2 lives in /usr/bin/python3; a python3 earlier on the PATH may lack it. */
    static String pythonWithH2(Path dir) throws IOException, InterruptedException {
        for (String candidate : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                if (ExternalTool.run(dir, 20, candidate, "-c", "import h2").exitCode() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not there; try the next
            }
        }
        Assumptions.abort("python3 with the h2 module is not installed (Debian package python3-h2; .ci/run installs it)");
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "rapid-reset, GOAWAY 11",        // ENHANCE_YOUR_CALM
            "ping-flood, GOAWAY 11",
            "settings-flood, GOAWAY 11",
            "continuation, GOAWAY 11",       // endless CONTINUATION frames
            "hpack-bombs, GOAWAY 11",        // one HPACK bomb per stream, over and over
    })
    void attackEndsWithGoawayLoggedOnceAndServiceContinues(String mode, String expected) throws Exception {
        try (LogCapture log = LogCapture.of("gatehouse.http2")) {
            ExternalTool.Result r = ExternalTool.run(dir, 60, python, script.toString(), mode,
                    String.valueOf(server.httpsPort()), ca.toString());
            assertThat(r.output()).as(mode).contains(expected);
            Http2Test.waitFor(() -> !log.messages().isEmpty());
            Thread.sleep(200); // let any duplicate line arrive before counting
            assertThat(log.messages()).as(mode).hasSize(1);
            assertThat(log.messages().get(0)).startsWith("closing HTTP/2 connection from /127.0.0.1:");
        }
        assertNormalRequestWorks();
    }

    /**
     * A 6 KiB header block that would decode to 8 MiB: decoding stops at http2.max-header-list-size
     * and the stream is refused with 431 + RST_STREAM (RFC 9113 §10.5.1), not the whole connection:
     * browsers with oversized cookies meet this limit too. Memory stays bounded by the limit. A peer
     * that repeats it on stream after stream gets GOAWAY (the "hpack-bombs" case above).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource("hpack-bomb, HEADERS-431")
    void hpackBombIsRefusedWith431(String mode, String expected) throws Exception {
        ExternalTool.Result r = ExternalTool.run(dir, 60, python, script.toString(), mode,
                String.valueOf(server.httpsPort()), ca.toString());
        assertThat(r.output()).contains(expected).contains("RST_STREAM 1");
        assertNormalRequestWorks();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource("zero-window, RESET")
    void zeroWindowStallIsReset(String mode, String expected) throws Exception {
        ExternalTool.Result r = ExternalTool.run(dir, 60, python, script.toString(), mode,
                String.valueOf(server.httpsPort()), ca.toString());
        assertThat(r.output()).contains(expected);
        assertNormalRequestWorks();
    }

    /**
     * Graceful stop with an HTTP/2 download in flight: the client holds its window shut, so the stream
     * is still open when stop() begins. It must get GOAWAY(NO_ERROR, last stream 1), then the whole body.
     */
    @org.junit.jupiter.api.Test
    void gracefulStopSendsGoawayAndLetsTheOpenStreamFinish(@TempDir Path own) throws Exception {
        TestServer.Builder builder = TestServer.builder(own);
        byte[] big = new byte[4 * 1024 * 1024];
        new Random(4).nextBytes(big);
        Files.write(builder.docroot().resolve("big.bin"), big);
        TestServer draining = builder.start();
        Path ownCa = draining.pki().writeCaPem(own.resolve("ca.pem"));
        Process p = new ProcessBuilder(python, script.toString(), "drain", String.valueOf(draining.httpsPort()),
                ownCa.toString()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        java.util.concurrent.CompletableFuture<Boolean> stopped = null;
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("HEADERS") && stopped == null) {
                    stopped = java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> draining.server().stop(java.time.Duration.ofSeconds(20)));
                }
            }
        } finally {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(out.toString()).contains("HEADERS 200").contains("GOAWAY 0 1")
                .contains("COMPLETE " + big.length);
        assertThat(stopped).isNotNull();
        assertThat(stopped.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("every connection finished in time").isTrue();
    }

    static void assertNormalRequestWorks() throws Exception {
        HttpClient client = server.client(HttpClient.Version.HTTP_2, "TLSv1.3");
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(server.https("/hello.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(ok.body()).isEqualTo("hello, world\n");
    }
}
