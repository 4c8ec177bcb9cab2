package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route action and rule, through a real server over TLS. */
class RoutingIntegrationTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        TestServer.Builder b = TestServer.builder(dir);
        Path root = b.docroot();
        Files.writeString(root.resolve("hello"), "hello file");
        Files.createDirectories(root.resolve("files"));
        Files.writeString(root.resolve("files/readme.txt"), "the readme");
        Files.createDirectories(root.resolve("private"));
        Files.writeString(root.resolve("private/secret.txt"), "secret");
        Path assets = Files.createDirectories(dir.resolve("assets"));
        Files.writeString(assets.resolve("app.css"), "body{}");
        Path users = dir.resolve("users.htpasswd");
        Files.writeString(users, "# staff\nalice:" + OpenBSDBCrypt.generate("2y", "wonderland".toCharArray(), new byte[16], 4)
                + "\nbob:" + OpenBSDBCrypt.generate("2b", "builder".toCharArray(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 4) + "\n");
        String[][] routes = {
            {"10.match", "/old/**"}, {"10.redirect", "/new/{rest}{query}"}, {"10.status", "301"},
            {"11.match", "~^/item/(\\d+)$"}, {"11.redirect", "https://example.org/items/{1}{query}"},
            {"20.match", "/health"}, {"20.respond", "200"}, {"20.body", "ok"},
            {"21.match", "/gone"}, {"21.respond", "410"},
            {"22.match", "/blocked/**"}, {"22.deny", "127.0.0.0/8, ::1"}, {"22.respond", "200"},
            {"23.match", "/internal/**"}, {"23.allow", "10.0.0.0/8"}, {"23.respond", "200"},
            {"24.match", "/mine/**"}, {"24.allow", "127.0.0.1, ::1"}, {"24.respond", "200"}, {"24.body", "mine"},
            {"30.match", "/assets/**"}, {"30.root", assets.toString()}, {"30.strip-prefix", "/assets"},
            {"30.header.set.Cache-Control", "max-age=60"},
            {"40.match", "/hello"}, {"40.header.add.X-Trace", "a"}, {"40.header.set.X-Frame-Options", "DENY"},
            {"40.header.remove.Referrer-Policy", "true"},
            {"41.match", "/hello"}, {"41.header.add.X-Trace", "b"},
            {"50.match", "/pretty/{name}"}, {"50.rewrite", "/files/{name}.txt"},
            {"60.match", "/loop/**"}, {"60.rewrite", "/loop2/{rest}"},
            {"61.match", "/loop2/**"}, {"61.rewrite", "/loop3/{rest}"},
            {"70.match", "/private/**"}, {"70.auth.basic.users-file", users.toString()}, {"70.auth.basic.realm", "Staff"},
            {"80.match", "/post-only"}, {"80.methods", "POST"}, {"80.respond", "201"},
            {"81.match", "/h"}, {"81.header.X-Api-Key", "^k[0-9]+$"}, {"81.respond", "200"}, {"81.body", "key"},
            {"82.match", "/hosted"}, {"82.hosts", "other.example"}, {"82.respond", "200"},
            {"83.match", "/by-ip"}, {"83.client-ip", "127.0.0.0/8, ::1"}, {"83.respond", "200"}, {"83.body", "local"},
        };
        for (String[] r : routes) {
            b.property("route." + r[0], r[1]);
        }
        server = b.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.https(path)));
    }

    @Test
    void redirectWithPrefixCaptureAndQuery() throws Exception {
        HttpResponse<String> r = get("/old/a/b%20c.html?x=1&y=2");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("location")).hasValue("/new/a/b%20c.html?x=1&y=2");
    }

    @Test
    void redirectWithRegexCaptureDefaultsTo308() throws Exception {
        HttpResponse<String> r = get("/item/42?ref=mail");
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("location")).hasValue("https://example.org/items/42?ref=mail");
        assertThat(get("/item/42x").statusCode()).isEqualTo(404);
    }

    @Test
    void respondWithAndWithoutBody() throws Exception {
        HttpResponse<String> ok = get("/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("ok");
        assertThat(ok.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        HttpResponse<String> gone = get("/gone");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.body()).isEmpty();
    }

    @Test
    void mountWithStripPrefixAndHeaderSet() throws Exception {
        HttpResponse<String> r = get("/assets/app.css");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("body{}");
        assertThat(r.headers().firstValue("cache-control")).hasValue("max-age=60");
        // The mount is its own root: the main root's files are not reachable through it.
        assertThat(get("/assets/hello").statusCode()).isEqualTo(404);
        assertThat(get("/assets/../hello").statusCode()).isIn(400, 404);
    }

    @Test
    void headerEditsOfFallThroughRoutesAccumulateAndOverrideThePreset() throws Exception {
        HttpResponse<String> r = get("/hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello file");
        assertThat(r.headers().allValues("x-trace")).containsExactly("a", "b");
        assertThat(r.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(r.headers().firstValue("referrer-policy")).isEmpty();
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void securityPresetOnOrdinaryResponses() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.headers().firstValue("referrer-policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(r.headers().firstValue("x-frame-options")).hasValue("SAMEORIGIN");
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void rewriteIsInternal() throws Exception {
        HttpResponse<String> r = get("/pretty/readme");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("the readme");
        assertThat(r.headers().firstValue("location")).isEmpty();
    }

    @Test
    void aSecondRewriteIsA500() throws Exception {
        assertThat(get("/loop/x").statusCode()).isEqualTo(500);
        assertThat(get("/loop/y").statusCode()).isEqualTo(500);
    }

    @Test
    void denyAndAllow() throws Exception {
        assertThat(get("/blocked/x").statusCode()).isEqualTo(403);
        assertThat(get("/internal/x").statusCode()).isEqualTo(403);
        HttpResponse<String> mine = get("/mine/x");
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo("mine");
        // Canonical matching: doubled slashes and escapes do not slip past a deny rule.
        String raw = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET //%62locked/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 403 ");
    }

    @Test
    void basicAuthWithBcrypt() throws Exception {
        HttpResponse<String> none = get("/private/secret.txt");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"Staff\", charset=\"UTF-8\"");
        assertThat(none.body()).doesNotContain("secret\n");
        assertThat(withAuth("alice", "wrong").statusCode()).isEqualTo(401);
        assertThat(withAuth("mallory", "wonderland").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = withAuth("alice", "wonderland");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("secret");
        assertThat(withAuth("alice", "wonderland").statusCode()).isEqualTo(200); // from the verified cache
        assertThat(withAuth("bob", "builder").statusCode()).isEqualTo(200);
        assertThat(withAuth("bob", "wonderland").statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> withAuth(String user, String password) throws Exception {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(server.https("/private/secret.txt")).header("Authorization", "Basic " + token));
    }

    @Test
    void methodHeaderHostAndClientIpMatchers() throws Exception {
        assertThat(send(HttpRequest.newBuilder(server.https("/post-only")).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(201);
        assertThat(get("/post-only").statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(server.https("/h")).header("X-Api-Key", "k123")).body()).isEqualTo("key");
        assertThat(send(HttpRequest.newBuilder(server.https("/h")).header("X-Api-Key", "nope")).statusCode()).isEqualTo(404);
        assertThat(get("/hosted").statusCode()).isEqualTo(404);
        String hosted = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /hosted HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n");
        assertThat(hosted).startsWith("HTTP/1.1 200 ");
        assertThat(get("/by-ip").body()).isEqualTo("local");
    }
}
