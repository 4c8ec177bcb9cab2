package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The plain-HTTP listener in its default redirect mode. */
class PlainListenerTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        TestServer.Builder builder = TestServer.builder(dir);
        Path root = builder.docroot();
        Files.createDirectories(root.resolve(".well-known/acme-challenge"));
        Files.writeString(root.resolve(".well-known/acme-challenge/token123"), "token123.thumbprint");
        Files.writeString(root.resolve("secret.txt"), "only over https");
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> plainGet(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return client.send(HttpRequest.newBuilder(server.http(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void redirectsToHttpsKeepingPathAndQuery() throws Exception {
        HttpResponse<String> r = plainGet("/a/b.html?x=1&y=%20z");
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("location"))
                .hasValue("https://localhost:" + server.httpsPort() + "/a/b.html?x=1&y=%20z");
    }

    @Test
    void theRedirectLeadsToTheFileOverHttps() throws Exception {
        String location = plainGet("/secret.txt").headers().firstValue("location").orElseThrow();
        HttpResponse<String> r = server.client().send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("only over https");
    }

    @Test
    void filesAreNotServedOverPlainHttp() throws Exception {
        HttpResponse<String> r = plainGet("/secret.txt");
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.body()).doesNotContain("only over https");
    }

    @Test
    void acmeChallengesAreServedOverPlainHttp() throws Exception {
        HttpResponse<String> r = plainGet("/.well-known/acme-challenge/token123");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("token123.thumbprint");
        assertThat(plainGet("/.well-known/acme-challenge/missing").statusCode()).isEqualTo(404);
    }

    @Test
    void redirectUsesTheRequestsHostName() throws Exception {
        String response = RawTls.plain(server.httpPort(), "GET /x?q HTTP/1.1\r\nHost: www.example.org:8080\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 308 ")
                .contains("location: https://www.example.org:" + server.httpsPort() + "/x?q");
    }

    @Test
    void absoluteFormTargetsRedirectToTheirPath() throws Exception {
        String response = RawTls.plain(server.httpPort(),
                "GET http://www.example.org/p?q=1 HTTP/1.1\r\nHost: www.example.org\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("location: https://www.example.org:" + server.httpsPort() + "/p?q=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Host: user@evil.example\r\n", "Host: a b\r\n", "Host: evil.example/x\r\n",
            "Host: a\r\nHost: b\r\n"})
    void invalidOrMissingHostGets400(String hostLines) throws Exception {
        String response = RawTls.plain(server.httpPort(), "GET /x HTTP/1.1\r\n" + hostLines + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 ").doesNotContain("location:");
    }

    @Test
    void http10WithoutHostGets400() throws Exception {
        assertThat(RawTls.plain(server.httpPort(), "GET /x HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }
}
