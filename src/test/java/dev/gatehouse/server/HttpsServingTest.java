package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The core behaviour of the HTTPS listener, over real sockets and real TLS. */
class HttpsServingTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Path root;

    @BeforeAll
    static void start() throws IOException {
        TestServer.Builder builder = TestServer.builder(dir);
        root = builder.docroot();
        Files.writeString(root.resolve("hello.txt"), "hello, world\n");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<p>docs</p>");
        Files.writeString(root.resolve(".secret"), "dotfile");
        Files.createDirectories(root.resolve(".well-known"));
        Files.writeString(root.resolve(".well-known/security.txt"), "Contact: mailto:security@example.org\n");
        Files.writeString(dir.resolve("canary.txt"), "CANARY-OUTSIDE-ROOT");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("canary.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), dir);
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("hello.txt"));
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return server.client().send(HttpRequest.newBuilder(server.https(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void servesAFileOverEachProtocol(String protocol) throws Exception {
        HttpClient client = server.client(HttpClient.Version.HTTP_1_1, protocol);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.https("/hello.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello, world\n");
        assertThat(r.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo(protocol);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.headers().firstValue("content-length")).hasValue("13");
        assertThat(r.headers().firstValue("server")).hasValue("gatehouse");
        assertThat(r.headers().firstValue("last-modified")).isPresent();
        assertThat(r.headers().firstValue("date")).isPresent();
    }

    @Test
    void headSendsTheHeadersOfGetWithoutBody() throws Exception {
        HttpResponse<String> getResponse = get("/hello.txt");
        HttpResponse<String> head = server.client().send(
                HttpRequest.newBuilder(server.https("/hello.txt")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        for (String name : new String[] {"content-type", "content-length", "last-modified", "etag", "server"}) {
            assertThat(head.headers().firstValue(name)).as(name).isEqualTo(getResponse.headers().firstValue(name));
        }
    }

    @Test
    void indexFileAndDirectoryRedirect() throws Exception {
        assertThat(get("/").body()).contains("hello");
        HttpResponse<String> redirect = get("/docs?x=1");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).hasValue("/docs/?x=1");
        assertThat(get("/docs/").body()).isEqualTo("<p>docs</p>");
    }

    @Test
    void missingFileIs404WithoutRevealingPaths() throws Exception {
        HttpResponse<String> r = get("/no/such/file.txt");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain(root.toString()).doesNotContain("file.txt");
    }

    @Test
    void dotfilesAreHiddenButWellKnownIsServed() throws Exception {
        assertThat(get("/.secret").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/security.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void symlinksMayNotLeaveTheRoot() throws Exception {
        HttpResponse<String> file = get("/escape.txt");
        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(file.body()).doesNotContain("CANARY");
        HttpResponse<String> viaDir = get("/escape-dir/canary.txt");
        assertThat(viaDir.statusCode()).isEqualTo(404);
        assertThat(viaDir.body()).doesNotContain("CANARY");
        assertThat(get("/inside.txt").body()).isEqualTo("hello, world\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../canary.txt", "/%2e%2e/canary.txt", "/docs/..%2f..%2fcanary.txt", "/%c0%ae%c0%ae/canary.txt",
            "/..%5ccanary.txt", "/hello.txt%00.html", "/..;/canary.txt", "/%252e%252e/canary.txt"})
    void traversalAttemptsNeverReachOutside(String path) throws Exception {
        String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).doesNotContain("CANARY").matches("(?s)HTTP/1.1 (400|404) .*");
    }

    @Test
    void otherKnownMethodsGet405WithAllow() throws Exception {
        HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(server.https("/hello.txt"))
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void unknownMethodsGet501() throws Exception {
        String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "BREW /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 501 ");
    }

    @Test
    void malformedRequestGets400AndTheConnectionCloses() throws Exception {
        String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nthis is not a header\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ").contains("connection: close")
                .doesNotContain("[timeout: connection still open]");
    }

    @Test
    void missingOrDuplicateHostGets400() throws Exception {
        assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /hello.txt HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /hello.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void overlongRequestLineGets414AndHugeHeadersGet431() throws Exception {
        String longPath = "/" + "a".repeat(10_000);
        assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET " + longPath + " HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 414 ");
        String bigHeader = "X-Big: " + "b".repeat(20_000) + "\r\n";
        assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET / HTTP/1.1\r\nHost: localhost\r\n" + bigHeader + "\r\n")).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void keepAliveAndPipeliningAnswerInOrder() throws Exception {
        String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "HEAD /docs/ HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        int first = response.indexOf("HTTP/1.1 200");
        int second = response.indexOf("HTTP/1.1 200", first + 1);
        int third = response.indexOf("HTTP/1.1 404");
        assertThat(first).isZero();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(response).contains("hello, world");
    }

    @Test
    void hstsIsSentForRealHostNamesOnly() throws Exception {
        String named = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /hello.txt HTTP/1.1\r\nHost: www.example.org\r\nConnection: close\r\n\r\n");
        assertThat(named).contains("strict-transport-security: max-age=63072000");
        for (String host : new String[] {"localhost", "127.0.0.1:8443", "[::1]"}) {
            String local = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "GET /hello.txt HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertThat(local).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("strict-transport-security");
        }
    }

    @Test
    void tls11IsRefused() throws Exception {
        // The JDK client refuses TLS 1.1 itself, so ask OpenSSL, which can still offer it.
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + server.httpsPort(),
                "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0").redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).doesNotContain("BEGIN CERTIFICATE");
    }

    @Test
    void certificateFromAnotherCaIsNotTrusted() {
        TestPki other = TestPki.create();
        assertThatThrownBy(() -> {
            try (SSLSocket s = (SSLSocket) TestServer.clientSslContext(other).getSocketFactory()
                    .createSocket("127.0.0.1", server.httpsPort())) {
                s.startHandshake();
            }
        }).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void dateHeaderIsCurrent() throws Exception {
        String date = get("/hello.txt").headers().firstValue("date").orElseThrow();
        Instant parsed = dev.gatehouse.http.HttpDates.parse(date);
        assertThat(parsed).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));
    }
}
