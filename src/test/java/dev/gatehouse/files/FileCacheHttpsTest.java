package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import dev.gatehouse.testing.WireResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory file cache and the metadata cache over real TLS: a file changed or deleted on disk is
 * seen once {@code static.metadata-cache-ttl} has passed, and within it, content and validators stay
 * those of one version (never new bytes under an old ETag).
 */
class FileCacheHttpsTest {

    /** Longer than the short TTL below by a wide margin: sleeping longer can only make the check easier. */
    static final long PAST_SHORT_TTL_MS = 700;

    @TempDir
    Path dir;

    WireResponse get(TestServer server, String path, String... headers) throws IOException {
        return WireResponse.exchange(server.clientSslContext(), server.httpsPort(), "GET", path, headers);
    }

    /**
     * The first request builds a file's headers field by field, later ones copy them (HotPaths,
     * FileFacts): what the client sees must not differ, for plain, conditional and range requests.
     */
    @Test
    void repeatedRequestsGetExactlyTheHeadersOfTheFirst() throws Exception {
        TestServer.Builder b = TestServer.builder(dir)
                .property("static.cache-control.1.pattern", "/assets/**")
                .property("static.cache-control.1.value", "public, max-age=60");
        Files.createDirectories(b.docroot().resolve("assets"));
        Files.writeString(b.docroot().resolve("assets/app.css"), "body { color: red }");
        try (TestServer server = b.start()) {
            WireResponse first = get(server, "/assets/app.css");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("cache-control")).isEqualTo("public, max-age=60");
            assertThat(first.header("vary")).isEqualTo("Accept-Encoding");
            for (int i = 0; i < 3; i++) {
                WireResponse again = get(server, "/assets/app.css");
                assertThat(again.text()).isEqualTo(first.text());
                assertThat(withoutPerResponseFields(again.headers())).isEqualTo(withoutPerResponseFields(first.headers()));
            }
            WireResponse notModified = get(server, "/assets/app.css", "If-None-Match: " + first.header("etag"));
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("cache-control")).isEqualTo("public, max-age=60");
            WireResponse range = get(server, "/assets/app.css", "Range: bytes=0-3");
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.text()).isEqualTo("body");
            assertThat(range.header("etag")).isEqualTo(first.header("etag"));
            WireResponse head = WireResponse.exchange(server.clientSslContext(), server.httpsPort(), "HEAD",
                    "/assets/app.css");
            assertThat(withoutPerResponseFields(head.headers())).isEqualTo(withoutPerResponseFields(first.headers()));
        }
    }

    private static java.util.Map<String, java.util.List<String>> withoutPerResponseFields(
            java.util.Map<String, java.util.List<String>> headers) {
        java.util.Map<String, java.util.List<String>> copy = new java.util.TreeMap<>(headers);
        copy.remove("date");
        copy.remove("x-request-id");
        return copy;
    }

    @Test
    void aChangedFileIsServedWithItsNewContentAndEtagAfterTheTtl() throws Exception {
        TestServer.Builder b = TestServer.builder(dir).property("static.metadata-cache-ttl", "200ms");
        Path f = b.docroot().resolve("page.txt");
        Files.writeString(f, "first version");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        try (TestServer server = b.start()) {
            WireResponse one = get(server, "/page.txt");
            assertThat(one.text()).isEqualTo("first version");
            String etag1 = one.header("etag");

            // rewritten in place: same inode, new length and time
            Files.writeString(f, "second version, longer");
            Thread.sleep(PAST_SHORT_TTL_MS);
            WireResponse two = get(server, "/page.txt", "If-None-Match: " + etag1);
            assertThat(two.status()).isEqualTo(200);
            assertThat(two.text()).isEqualTo("second version, longer");
            assertThat(two.header("etag")).isNotEqualTo(etag1);
            assertThat(two.header("content-length")).isEqualTo("22");

            // same length, only the time differs
            Files.writeString(f, "third  version, longer");
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
            Thread.sleep(PAST_SHORT_TTL_MS);
            WireResponse three = get(server, "/page.txt", "Range: bytes=0-4");
            assertThat(three.status()).isEqualTo(206);
            assertThat(three.text()).isEqualTo("third");
            assertThat(three.header("etag")).isNotIn(etag1, two.header("etag"));
        }
    }

    @Test
    void aDeletedFileIs404AfterTheTtlAndANewOneAppears() throws Exception {
        TestServer.Builder b = TestServer.builder(dir).property("static.metadata-cache-ttl", "200ms");
        Path f = b.docroot().resolve("gone.txt");
        Files.writeString(f, "here today");
        try (TestServer server = b.start()) {
            assertThat(get(server, "/gone.txt").status()).isEqualTo(200);
            assertThat(get(server, "/new.txt").status()).isEqualTo(404); // absence is cached too
            Files.delete(f);
            Files.writeString(b.docroot().resolve("new.txt"), "new");
            Thread.sleep(PAST_SHORT_TTL_MS);
            assertThat(get(server, "/gone.txt").status()).isEqualTo(404);
            WireResponse created = get(server, "/new.txt");
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.text()).isEqualTo("new");
        }
    }

    @Test
    void withinTheTtlOneVersionIsServedWholeFromMemory() throws Exception {
        TestServer.Builder b = TestServer.builder(dir).property("static.metadata-cache-ttl", "1h");
        Path f = b.docroot().resolve("hot.txt");
        Files.writeString(f, "AAAAAAAA");
        try (TestServer server = b.start()) {
            WireResponse first = get(server, "/hot.txt");
            // rewritten in place with the same length: without the caches this would be new bytes
            Files.writeString(f, "BBBBBBBB");
            WireResponse cached = get(server, "/hot.txt");
            assertThat(cached.text()).isEqualTo("AAAAAAAA");
            assertThat(cached.header("etag")).isEqualTo(first.header("etag"));
            assertThat(get(server, "/hot.txt", "Range: bytes=2-3").text()).isEqualTo("AA");
            Files.delete(f); // still served from memory until the TTL passes (as nginx's open_file_cache)
            assertThat(get(server, "/hot.txt").text()).isEqualTo("AAAAAAAA");
            // many responses share the one buffer; a reference miscounted would fail one of them
            var client = server.client();
            for (int i = 0; i < 300; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.https("/hot.txt"))
                        .header("Range", i % 3 == 0 ? "bytes=0-0,4-5" : i % 3 == 1 ? "bytes=-3" : "bytes=0-")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(206);
                assertThat(r.body()).contains("A").doesNotContain("B");
            }
        }
    }

    @Test
    void filesAboveTheLimitAndACacheTurnedOffStreamFromDisk() throws Exception {
        TestServer.Builder b = TestServer.builder(dir).property("static.metadata-cache-ttl", "0s")
                .property("static.file-cache-max-file-size", "4B");
        Files.writeString(b.docroot().resolve("tiny.txt"), "abc");
        Files.writeString(b.docroot().resolve("big.txt"), "abcdefgh");
        try (TestServer server = b.start()) {
            assertThat(get(server, "/tiny.txt").text()).isEqualTo("abc");
            Path big = b.docroot().resolve("big.txt");
            assertThat(get(server, "/big.txt").text()).isEqualTo("abcdefgh");
            Files.writeString(big, "ABCDEFGH");
            assertThat(get(server, "/big.txt").text()).isEqualTo("ABCDEFGH");
        }
    }
}
