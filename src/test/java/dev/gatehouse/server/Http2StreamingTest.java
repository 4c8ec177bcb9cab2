package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ExternalTool;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How HTTP/2 responses are streamed from disk and how request bodies are drained: under flow control,
 * with the file closed however the stream ends. Raw peers from src/test/resources/h2peer.py.
 */
class Http2StreamingTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Path ca;
    static Path script;
    static String python;
    static byte[] big;
    static Path bigFile;

    @BeforeAll
    static void start() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir)
                .property("route.10.match", "/api/**").property("route.10.proxy", "http://127.0.0.1:9");
        Path root = builder.docroot();
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        big = new byte[1024 * 1024 + 77]; // above static.file-cache-max-file-size: streamed from disk
        new Random(9).nextBytes(big);
        bigFile = root.resolve("big.bin");
        Files.write(bigFile, big);
        server = builder.start();
        ca = server.pki().writeCaPem(dir.resolve("ca.pem"));
        script = dir.resolve("h2peer.py");
        try (InputStream in = Http2StreamingTest.class.getResourceAsStream("/h2peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        python = Http2DefencesTest.pythonWithH2(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void largeFileWithATinyClientWindowArrivesWholeAndTheFileIsClosed() throws Exception {
        ExternalTool.Result r = ExternalTool.run(dir, 150, python, script.toString(), "small-window",
                String.valueOf(server.httpsPort()), ca.toString());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        assertThat(r.output()).contains("COMPLETE " + big.length + " " + sha + " frames ");
        // A 1 KiB window: the body came in many small DATA frames, not as one burst.
        String frames = r.output().substring(r.output().indexOf(" frames ") + 8).trim().split("\\s")[0];
        assertThat(Integer.parseInt(frames)).isGreaterThanOrEqualTo(big.length / 1024);
        assertThat(waitForOpenDescriptors(bigFile, 0)).isZero();
    }

    @Test
    void anUploadBeyondTheWindowsDoesNotStallTheConnection() throws Exception {
        ExternalTool.Result r = ExternalTool.run(dir, 60, python, script.toString(), "upload",
                String.valueOf(server.httpsPort()), ca.toString());
        assertThat(r.output()).contains("UPLOADED 1048576").contains("STATUS 200 13");
    }

    /**
     * The peer resets a download after its first DATA frame and keeps the connection: the file is
     * closed at once (not when the connection ends) and the request is logged once, as not sent
     * (combined format: "-" for no bytes).
     */
    @Test
    void aResetMidFileReleasesTheFileAndEndsTheExchangeOnce() throws Exception {
        try (LogCapture access = LogCapture.of("gatehouse.access")) {
            Process p = new ProcessBuilder(python, script.toString(), "reset-mid-file",
                    String.valueOf(server.httpsPort()), ca.toString()).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            long openWhileConnected = -1;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.append(line).append('\n');
                    if (line.startsWith("STATUS")) {
                        // The connection is still open (the peer waits a second before it leaves).
                        openWhileConnected = waitForOpenDescriptors(bigFile, 0);
                    }
                }
            } finally {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            assertThat(out.toString()).contains("RESET-SENT").contains("STATUS 200 13").contains("DONE");
            assertThat(openWhileConnected).isZero();
            Http2Test.waitFor(() -> access.messages().stream().anyMatch(m -> m.contains("GET /hello.txt HTTP/2.0")));
            assertThat(access.messages().stream().filter(m -> m.contains("\"GET /big.bin HTTP/2.0\" 200 - ")))
                    .hasSize(1);
        }
    }

    /** RFC 9113 §8.7: the proxy speaks HTTP/1.1 only, so its routes ask the client to retry over HTTP/1.1. */
    @Test
    void aProxyRouteIsRefusedWithHttp11RequiredAndTheConnectionGoesOn() throws Exception {
        try (LogCapture access = LogCapture.of("gatehouse.access")) {
            ExternalTool.Result r = ExternalTool.run(dir, 60, python, script.toString(), "proxy-route",
                    String.valueOf(server.httpsPort()), ca.toString());
            assertThat(r.output()).contains("RESET").contains("ERROR-CODE 13").contains("STATUS 200 13");
            Http2Test.waitFor(() -> access.messages().stream().anyMatch(m -> m.contains("GET /hello.txt HTTP/2.0")));
            assertThat(access.messages()).anyMatch(m -> m.contains("\"GET /api/x HTTP/2.0\" 505 - "));
        }
    }

    /** RFC 9110 §9.3.2: HEAD gets the head GET would get, never a body, error pages included. */
    @Test
    void headOverH2SendsNoBodyEvenForAnErrorPage() throws Exception {
        ExternalTool.Result r = ExternalTool.run(dir, 60, python, script.toString(), "head-error",
                String.valueOf(server.httpsPort()), ca.toString());
        assertThat(r.output()).contains("STATUS 404 0").contains("STATUS 200 0");
    }

    @Test
    void rangesOverH2AreStreamedFromDisk() throws Exception {
        HttpClient client = server.client(HttpClient.Version.HTTP_2, "TLSv1.3");
        HttpResponse<byte[]> one = client.send(HttpRequest.newBuilder(server.https("/big.bin"))
                .header("Range", "bytes=100000-300000").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(one.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(one.statusCode()).isEqualTo(206);
        assertThat(one.body()).isEqualTo(Arrays.copyOfRange(big, 100000, 300001));
        HttpResponse<byte[]> two = client.send(HttpRequest.newBuilder(server.https("/big.bin"))
                .header("Range", "bytes=0-9,500000-540000").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(two.statusCode()).isEqualTo(206);
        assertThat(two.headers().firstValue("content-type")).get().asString().startsWith("multipart/byteranges");
        assertThat(two.headers().firstValueAsLong("content-length")).hasValue(two.body().length);
        String body = new String(two.body(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains(new String(Arrays.copyOfRange(big, 0, 10), StandardCharsets.ISO_8859_1))
                .contains(new String(Arrays.copyOfRange(big, 500000, 540001), StandardCharsets.ISO_8859_1));
        assertThat(waitForOpenDescriptors(bigFile, 0)).isZero();
    }

    /** Open file descriptors of this JVM on {@code file}, waited for (bounded) to reach {@code expected}. */
    static long waitForOpenDescriptors(Path file, long expected) throws Exception {
        long n = openDescriptors(file);
        for (int i = 0; i < 50 && n != expected; i++) {
            Thread.sleep(20);
            n = openDescriptors(file);
        }
        return n;
    }

    private static long openDescriptors(Path file) throws IOException {
        Path real = file.toRealPath();
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed between listing and reading: not open
                }
            }
        }
        return n;
    }
}
