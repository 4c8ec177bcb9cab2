package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ExternalTool;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 over ALPN with real clients: the JDK HttpClient, curl, h2load. */
class Http2Test {

    @TempDir
    static Path dir;
    static TestServer server;
    static byte[] big;

    @BeforeAll
    static void start() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir);
        Path root = builder.docroot();
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        big = new byte[8 * 1024 * 1024 + 123];
        new Random(5).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void jdkClientNegotiatesH2AndTheAccessLogSaysHttp2(String tls) throws Exception {
        HttpClient client = server.client(HttpClient.Version.HTTP_2, tls);
        try (LogCapture access = LogCapture.of("gatehouse.access")) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.https("/hello.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello, world\n");
            assertThat(r.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo(tls);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(r.headers().map()).doesNotContainKey("connection");
            waitFor(() -> access.messages().stream().anyMatch(m -> m.contains("\"GET /hello.txt HTTP/2.0\" 200 13")));
            assertThat(access.messages()).anyMatch(m -> m.contains("\"GET /hello.txt HTTP/2.0\" 200 13"));
        }
    }

    @Test
    void errorsAndHeadOverH2() throws Exception {
        HttpClient client = server.client(HttpClient.Version.HTTP_2, "TLSv1.3");
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(server.https("/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(server.https("/hello.txt"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(server.https("/big.bin"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue(String.valueOf(big.length));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void slowReaderOnOneStreamDoesNotStallTheOthers() throws Exception {
        HttpClient client = server.client(HttpClient.Version.HTTP_2, "TLSv1.3");
        // One connection (the JDK client pools per origin): a big file read slowly...
        HttpResponse<InputStream> slow = client.send(HttpRequest.newBuilder(server.https("/big.bin")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(slow.version()).isEqualTo(HttpClient.Version.HTTP_2);
        InputStream in = slow.body();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[4096];
        int n = in.readNBytes(buf, 0, buf.length);
        digest.update(buf, 0, n);
        long got = n;
        // ... while twenty small requests on the same connection complete.
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.sendAsync(HttpRequest.newBuilder(server.https("/hello.txt")).build(),
                    HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
            assertThat(r.body()).isEqualTo("hello, world\n");
        }
        while ((n = in.read(buf)) > 0) {
            digest.update(buf, 0, n);
            got += n;
        }
        assertThat(got).isEqualTo(big.length);
        assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(big));
    }

    @Test
    void curlHttp2() throws Exception {
        String curl = ExternalTool.require("curl", "curl");
        Path ca = server.pki().writeCaPem(dir.resolve("ca-curl.pem"));
        for (String tls : new String[] {"--tlsv1.3", "--tls-max"}) {
            var args = tls.equals("--tlsv1.3")
                    ? new String[] {curl, "-sS", "--http2", "--tlsv1.3", "--noproxy", "*", "--max-time", "20",
                            "--cacert", ca.toString(), "-o", "/dev/null", "-w", "%{http_version} %{http_code} %{size_download}",
                            server.https("/big.bin").toString()}
                    : new String[] {curl, "-sS", "--http2", "--tlsv1.2", "--tls-max", "1.2", "--noproxy", "*",
                            "--max-time", "20", "--cacert", ca.toString(), "-o", "/dev/null", "-w",
                            "%{http_version} %{http_code} %{size_download}", server.https("/big.bin").toString()};
            ExternalTool.Result r = ExternalTool.run(dir, 30, args);
            assertThat(r.output()).isEqualTo("2 200 " + big.length);
        }
    }

    @Test
    void h2loadAllSucceed() throws Exception {
        String h2load = ExternalTool.require("h2load", "nghttp2-client");
        ExternalTool.Result r = ExternalTool.run(dir, 120, h2load, "-n", "1000", "-c", "10", "-m", "10",
                server.https("/hello.txt").toString());
        assertThat(r.output()).contains("Application protocol: h2")
                .contains("requests: 1000 total, 1000 started, 1000 done, 1000 succeeded, 0 failed, 0 errored");
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
    }
}
