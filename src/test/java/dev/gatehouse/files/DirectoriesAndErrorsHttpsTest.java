package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import dev.gatehouse.testing.WireResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listings, try-files, custom error pages, Cache-Control rules and symlink policies, over TLS. */
class DirectoriesAndErrorsHttpsTest {

    @TempDir
    Path dir;

    static WireResponse get(TestServer server, String method, String path, String... headers) throws IOException {
        return WireResponse.exchange(server.clientSslContext(), server.httpsPort(), method, path, headers);
    }

    @Test
    void listingIsOffByDefault() throws IOException {
        TestServer.Builder b = TestServer.builder(dir);
        Files.createDirectories(b.docroot().resolve("pub"));
        Files.writeString(b.docroot().resolve("pub/a.txt"), "a");
        try (TestServer server = b.start()) {
            assertThat(get(server, "GET", "/pub/").status()).isEqualTo(404);
        }
    }

    @Test
    void listingEscapesNamesSortsAndSpeaksJson() throws IOException {
        TestServer.Builder b = TestServer.builder(dir).property("static.directory-listing", "true");
        Path pub = b.docroot().resolve("pub");
        Files.createDirectories(pub.resolve("sub"));
        Files.writeString(pub.resolve("<script>alert(1)<script>.txt"), "x");
        Files.writeString(pub.resolve("big.bin"), "y".repeat(5000));
        Files.writeString(pub.resolve("a \"quoted\" & 'name'.txt"), "zz");
        Files.writeString(pub.resolve(".hidden"), "h");
        Files.setLastModifiedTime(pub.resolve("big.bin"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        try (TestServer server = b.start()) {
            WireResponse html = get(server, "GET", "/pub/");
            assertThat(html.status()).isEqualTo(200);
            assertThat(html.header("content-type")).isEqualTo("text/html; charset=utf-8");
            String page = html.text();
            assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;script&gt;.txt")
                    .contains("href=\"./%3Cscript%3Ealert%281%29%3Cscript%3E.txt\"")
                    .contains("a &quot;quoted&quot; &amp; &#39;name&#39;.txt")
                    .contains("sub/").contains(">5000<").doesNotContain(".hidden");
            // sortable: size descending puts big.bin first among files (directories stay first)
            String bySize = get(server, "GET", "/pub/?sort=size&order=desc").text();
            assertThat(bySize.indexOf("big.bin")).isLessThan(bySize.indexOf("alert"));
            String byName = get(server, "GET", "/pub/?sort=name&order=asc").text();
            assertThat(byName.indexOf("a &quot;")).isLessThan(byName.indexOf("big.bin"));
            assertThat(byName.indexOf("sub/")).isLessThan(byName.indexOf("a &quot;"));

            WireResponse json = get(server, "GET", "/pub/", "Accept: application/json");
            assertThat(json.header("content-type")).isEqualTo("application/json; charset=utf-8");
            assertThat(json.header("vary")).isEqualTo("Accept");
            assertThat(json.text()).contains("{\"name\":\"\\u003cscript\\u003ealert(1)\\u003cscript\\u003e.txt\",\"type\":\"file\",\"size\":1,")
                    .contains("{\"name\":\"a \\\"quoted\\\" \\u0026 'name'.txt\"")
                    .contains("{\"name\":\"big.bin\",\"type\":\"file\",\"size\":5000,\"modified\":\"2020-01-01T00:00:00Z\"}")
                    .contains("{\"name\":\"sub\",\"type\":\"directory\"");
            ConditionalAndRangeHttpsTest.assertSameHead(get(server, "HEAD", "/pub/"), html);
        }
    }

    @Test
    void tryFilesServesTheSpaShellForUnknownPaths() throws IOException {
        TestServer.Builder b = TestServer.builder(dir).property("static.try-files", "{path} {path}/ /index.html");
        Files.writeString(b.docroot().resolve("app.js"), "js");
        Files.createDirectories(b.docroot().resolve("docs"));
        Files.writeString(b.docroot().resolve("docs/index.html"), "docs");
        try (TestServer server = b.start()) {
            assertThat(get(server, "GET", "/app.js").text()).isEqualTo("js");
            assertThat(get(server, "GET", "/docs").text()).isEqualTo("docs");
            WireResponse spa = get(server, "GET", "/users/42/profile");
            assertThat(spa.status()).isEqualTo(200);
            assertThat(spa.text()).contains("<p>hello</p>");
            assertThat(spa.header("content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(get(server, "GET", "/../etc/passwd").status()).isEqualTo(400);
        }
    }

    @Test
    void customErrorPagesKeepTheStatus() throws IOException {
        TestServer.Builder b = TestServer.builder(dir).property("static.error-page.404", "/errors/404.html")
                .property("static.error-page.416", "/errors/range.txt");
        Files.createDirectories(b.docroot().resolve("errors"));
        Files.writeString(b.docroot().resolve("errors/404.html"), "<h1>Lost?</h1>");
        Files.writeString(b.docroot().resolve("errors/range.txt"), "bad range");
        Files.writeString(b.docroot().resolve("f.txt"), "0123456789");
        try (TestServer server = b.start()) {
            WireResponse r = get(server, "GET", "/nope");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.text()).isEqualTo("<h1>Lost?</h1>");
            assertThat(r.header("content-type")).isEqualTo("text/html; charset=utf-8");
            ConditionalAndRangeHttpsTest.assertSameHead(get(server, "HEAD", "/nope"), r);
            WireResponse range = get(server, "GET", "/f.txt", "Range: bytes=50-");
            assertThat(range.status()).isEqualTo(416);
            assertThat(range.header("content-range")).isEqualTo("bytes */10");
            assertThat(range.text()).isEqualTo("bad range");
        }
    }

    @Test
    void cacheControlRulesByPatternAreRepeatedOn304() throws IOException {
        TestServer.Builder b = TestServer.builder(dir)
                .property("static.cache-control.1.pattern", "/assets/**")
                .property("static.cache-control.1.value", "public, max-age=31536000, immutable")
                .property("static.cache-control.2.pattern", "*.html")
                .property("static.cache-control.2.value", "no-cache");
        Files.createDirectories(b.docroot().resolve("assets"));
        Files.writeString(b.docroot().resolve("assets/app.3f2a.js"), "js");
        Files.writeString(b.docroot().resolve("plain.txt"), "txt");
        try (TestServer server = b.start()) {
            WireResponse asset = get(server, "GET", "/assets/app.3f2a.js");
            assertThat(asset.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
            WireResponse notModified = get(server, "GET", "/assets/app.3f2a.js", "If-None-Match: " + asset.header("etag"));
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("cache-control")).isEqualTo("public, max-age=31536000, immutable");
            assertThat(get(server, "GET", "/index.html").header("cache-control")).isEqualTo("no-cache");
            assertThat(get(server, "GET", "/").header("cache-control")).isNull(); // "/" is not *.html
            assertThat(get(server, "GET", "/plain.txt").header("cache-control")).isNull();
        }
    }

    @ParameterizedTest(name = "[{index}] static.symlinks={0}")
    @CsvSource({
        "follow-within-root, 200, 404",
        "deny, 404, 404",
        "follow, 200, 200",
    })
    void symlinkPolicies(String policy, int inside, int outside) throws IOException {
        TestServer.Builder b = TestServer.builder(dir).property("static.symlinks", policy);
        Path root = b.docroot();
        Files.writeString(root.resolve("real.txt"), "real");
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("real.txt"));
        Files.writeString(dir.resolve("outside.txt"), "OUTSIDE");
        Files.createSymbolicLink(root.resolve("outside.txt"), dir.resolve("outside.txt"));
        try (TestServer server = b.start()) {
            assertThat(get(server, "GET", "/real.txt").status()).isEqualTo(200);
            assertThat(get(server, "GET", "/inside.txt").status()).isEqualTo(inside);
            WireResponse out = get(server, "GET", "/outside.txt");
            assertThat(out.status()).isEqualTo(outside);
            assertThat(out.text().contains("OUTSIDE")).isEqualTo(outside == 200);
        }
    }
}
