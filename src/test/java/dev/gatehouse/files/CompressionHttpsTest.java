package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import dev.gatehouse.cli.Main;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.testing.WireResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Precompressed siblings, on-the-fly Brotli and gzip, Vary, and {@code gatehouse precompress}, over TLS. */
class CompressionHttpsTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Path root;
    static String js;

    @BeforeAll
    static void start() throws IOException {
        TestServer.Builder builder = TestServer.builder(dir);
        root = builder.docroot();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append("function f").append(i).append("(x) { return x * ").append(i).append("; }\n");
        }
        js = sb.toString();
        Files.writeString(root.resolve("app.js"), js);
        Files.writeString(root.resolve("tiny.css"), "a{b:c}");
        byte[] png = new byte[5000];
        new Random(1).nextBytes(png);
        Files.write(root.resolve("image.png"), png);
        // Precompressed siblings with markers instead of real compressed data: the test sees which file was sent.
        Files.writeString(root.resolve("site.css"), "body { color: red }\n".repeat(100));
        Files.writeString(root.resolve("site.css.br"), "BROTLI-SIBLING");
        Files.writeString(root.resolve("site.css.gz"), "GZIP-SIBLING");
        Files.writeString(root.resolve("site.css.zst"), "ZSTD-SIBLING");
        Files.writeString(root.resolve("only-gz.css"), "p { margin: 0 }\n".repeat(100));
        Files.writeString(root.resolve("only-gz.css.gz"), "GZIP-ONLY");
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WireResponse get(String method, String path, String... headers) throws IOException {
        return WireResponse.exchange(server.clientSslContext(), server.httpsPort(), method, path, headers);
    }

    @Test
    void brotliOnTheFlyDecodesToTheOriginal() throws IOException {
        WireResponse r = get("GET", "/app.js", "Accept-Encoding: gzip, br");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-encoding")).isEqualTo("br");
        assertThat(r.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(r.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(r.body().length).isLessThan(js.length() / 4);
        assertThat(new String(unbrotli(r.body()), StandardCharsets.UTF_8)).isEqualTo(js);
        WireResponse identity = get("GET", "/app.js");
        assertThat(r.header("etag")).isNotEqualTo(identity.header("etag")).endsWith("-br\"");
        ConditionalAndRangeHttpsTest.assertSameHead(get("HEAD", "/app.js", "Accept-Encoding: gzip, br"), r);
    }

    @Test
    void gzipOnTheFlyDecodesToTheOriginal() throws IOException {
        WireResponse r = get("GET", "/app.js", "Accept-Encoding: gzip");
        assertThat(r.header("content-encoding")).isEqualTo("gzip");
        assertThat(r.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(r.header("content-length")).isEqualTo(String.valueOf(r.body().length));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(js);
        }
        // the cached second answer is byte-identical
        assertThat(get("GET", "/app.js", "Accept-Encoding: gzip").body()).isEqualTo(r.body());
    }

    @Test
    void conditionalOnCompressedFormUsesItsOwnEtag() throws IOException {
        String etag = get("GET", "/app.js", "Accept-Encoding: br").header("etag");
        WireResponse r = get("GET", "/app.js", "Accept-Encoding: br", "If-None-Match: " + etag);
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.header("etag")).isEqualTo(etag);
        assertThat(r.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(r.body()).isEmpty();
        // the identity tag does not validate the Brotli form
        String identityTag = get("GET", "/app.js").header("etag");
        assertThat(get("GET", "/app.js", "Accept-Encoding: br", "If-None-Match: " + identityTag).status()).isEqualTo(200);
    }

    @Test
    void noAcceptEncodingIdentityWithVary() throws IOException {
        WireResponse r = get("GET", "/app.js");
        assertThat(r.header("content-encoding")).isNull();
        assertThat(r.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(r.text()).isEqualTo(js);
    }

    @Test
    void neverForRangeRequests() throws IOException {
        WireResponse r = get("GET", "/app.js", "Accept-Encoding: br, gzip", "Range: bytes=0-9");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-encoding")).isNull();
        assertThat(r.text()).isEqualTo(js.substring(0, 10));
    }

    @Test
    void neverForAlreadyCompressedTypesNorTinyFiles() throws IOException {
        WireResponse png = get("GET", "/image.png", "Accept-Encoding: br, gzip");
        assertThat(png.header("content-encoding")).isNull();
        assertThat(png.header("vary")).isNull();
        WireResponse tiny = get("GET", "/tiny.css", "Accept-Encoding: br, gzip");
        assertThat(tiny.header("content-encoding")).isNull();
        assertThat(tiny.text()).isEqualTo("a{b:c}");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /site.css     | br, gzip, zstd       | br   | BROTLI-SIBLING
            /site.css     | gzip, zstd           | zstd | ZSTD-SIBLING
            /site.css     | gzip                 | gzip | GZIP-SIBLING
            /site.css     | br;q=0.1, gzip       | gzip | GZIP-SIBLING
            /only-gz.css  | br, gzip             | gzip | GZIP-ONLY
            """)
    void precompressedSiblings(String path, String accept, String coding, String body) throws IOException {
        WireResponse r = get("GET", path, "Accept-Encoding: " + accept);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-encoding")).isEqualTo(coding);
        assertThat(r.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(r.header("content-type")).isEqualTo("text/css; charset=utf-8");
        assertThat(r.text()).isEqualTo(body);
        String identityTag = get("GET", path).header("etag");
        assertThat(r.header("etag")).isNotEqualTo(identityTag).endsWith("-" + coding + "\"");
        WireResponse notModified = get("GET", path, "Accept-Encoding: " + accept, "If-None-Match: " + r.header("etag"));
        assertThat(notModified.status()).isEqualTo(304);
        ConditionalAndRangeHttpsTest.assertSameHead(get("HEAD", path, "Accept-Encoding: " + accept), r);
    }

    @Test
    void precompressCommandWritesSmallerSiblingsOnly() throws IOException {
        Path site = dir.resolve("deploy");
        Files.createDirectories(site.resolve("css"));
        Files.writeString(site.resolve("index.html"), "<p>hello</p>\n".repeat(200));
        Files.writeString(site.resolve("css/x.css"), "p{margin:0}\n".repeat(200));
        byte[] noise = new byte[300];
        new Random(3).nextBytes(noise);
        Files.write(site.resolve("noise.txt"), noise);
        Files.write(site.resolve("photo.png"), noise);
        assertThat(Main.execute("precompress", "--quiet", site.toString())).isZero();
        for (String f : new String[] {"index.html", "css/x.css"}) {
            byte[] original = Files.readAllBytes(site.resolve(f));
            assertThat(unbrotli(Files.readAllBytes(site.resolve(f + ".br")))).isEqualTo(original);
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(site.resolve(f + ".gz")))) {
                assertThat(in.readAllBytes()).isEqualTo(original);
            }
        }
        assertThat(site.resolve("noise.txt.gz")).doesNotExist(); // random bytes: gzip is not smaller
        assertThat(site.resolve("noise.txt.br")).doesNotExist();
        assertThat(site.resolve("photo.png.gz")).doesNotExist(); // not a compressible type
        assertThat(Main.execute("precompress", site.resolve("missing").toString())).isEqualTo(2);
    }

    static byte[] unbrotli(byte[] data) throws IOException {
        DirectDecompress d = Decoder.decompress(data);
        assertThat(d.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
        return d.getDecompressedData();
    }
}
