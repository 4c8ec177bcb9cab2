package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The static.* keys: defaults, parsing, and one error line naming key and value for each bad one. */
class StaticConfigReaderTest {

    @TempDir
    Path dir;

    private ConfigReader reader(String... kv) {
        Properties p = new Properties();
        p.setProperty("static.root", dir.toString());
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return new ConfigReader("test.properties", dir, p);
    }

    @Test
    void defaults() {
        ConfigReader r = reader();
        StaticConfig c = StaticConfigReader.read(r, "static.");
        assertThat(r.problems()).isEmpty();
        assertThat(c.maxRanges()).isEqualTo(16);
        assertThat(c.precompressed()).containsExactly("br", "zstd", "gzip");
        assertThat(c.compress()).isTrue();
        assertThat(c.compressMinSize()).isEqualTo(1024);
        assertThat(c.compressMaxSize()).isEqualTo(4L << 20);
        assertThat(c.cacheSize()).isEqualTo(64L << 20);
        assertThat(c.directoryListing()).isFalse();
        assertThat(c.tryFiles()).isEmpty();
        assertThat(c.errorPages()).isEmpty();
        assertThat(c.cacheControl()).isEmpty();
        assertThat(c.symlinks()).isEqualTo(SymlinkPolicy.FOLLOW_WITHIN_ROOT);
        assertThat(c.fileCacheSize()).isEqualTo(64L << 20);
        assertThat(c.fileCacheMaxFileSize()).isEqualTo(64L << 10);
        assertThat(c.metadataCacheTtl()).isEqualTo(java.time.Duration.ofSeconds(1));
    }

    @Test
    void parsesEveryKey() {
        ConfigReader r = reader("static.max-ranges", "3", "static.mime.WASM", "application/wasm",
                "static.mime.log", "text/plain", "static.precompressed", "gzip, br", "static.compress", "off",
                "static.compress-min-size", "2KiB", "static.compress-max-size", "1MiB", "static.cache-size", "8MiB",
                "static.directory-listing", "true", "static.try-files", "{path} {path}/ /index.html",
                "static.error-page.404", "/errors/404.html", "static.symlinks", "deny",
                "static.cache-control.2.pattern", "*.html", "static.cache-control.2.value", "no-cache",
                "static.cache-control.1.pattern", "/assets/**",
                "static.cache-control.1.value", "public, max-age=31536000, immutable",
                "static.file-cache-size", "0B", "static.file-cache-max-file-size", "8KiB",
                "static.metadata-cache-ttl", "250ms");
        StaticConfig c = StaticConfigReader.read(r, "static.");
        assertThat(r.problems()).isEmpty();
        assertThat(c.maxRanges()).isEqualTo(3);
        assertThat(c.mimeTypes()).isEqualTo(Map.of("wasm", "application/wasm", "log", "text/plain"));
        assertThat(c.precompressed()).containsExactly("gzip", "br");
        assertThat(c.compress()).isFalse();
        assertThat(c.compressMinSize()).isEqualTo(2048);
        assertThat(c.compressMaxSize()).isEqualTo(1 << 20);
        assertThat(c.cacheSize()).isEqualTo(8 << 20);
        assertThat(c.directoryListing()).isTrue();
        assertThat(c.tryFiles()).containsExactly("{path}", "{path}/", "/index.html");
        assertThat(c.errorPages()).isEqualTo(Map.of(404, "/errors/404.html"));
        assertThat(c.symlinks()).isEqualTo(SymlinkPolicy.DENY);
        assertThat(c.fileCacheSize()).isZero();
        assertThat(c.fileCacheMaxFileSize()).isEqualTo(8192);
        assertThat(c.metadataCacheTtl()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(c.cacheControl()).containsExactly(new CacheRule("/assets/**", "public, max-age=31536000, immutable"),
                new CacheRule("*.html", "no-cache"));
        assertThat(StaticConfigReader.read(reader("static.precompressed", "off"), "static.").precompressed()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            static.max-ranges          | 0             | static.max-ranges: "0" (expected: an integer from 1 to 1000)
            static.mime.txt            | not a type    | static.mime.txt: "not a type" (expected: a media type
            static.mime.a.b            | text/plain    | static.mime.a.b: "a.b" (expected: a file extension
            static.precompressed       | br,deflate    | static.precompressed: "br,deflate" (expected: off, or br, zstd and/or gzip
            static.compress            | maybe         | static.compress: "maybe" (expected: true or false)
            static.compress-max-size   | 1GiB          | static.compress-max-size: "1GiB" (expected: at most 64MiB
            static.cache-size          | lots          | static.cache-size: "lots" (expected: a size with a unit
            static.directory-listing   | yes please    | static.directory-listing: "yes please" (expected: true or false)
            static.try-files           | index.html    | static.try-files: "index.html" (expected: {path}, {path}/ or a path starting with /
            static.error-page.200      | /ok.html      | static.error-page.200: "200" (expected: an error status
            static.error-page.404      | errors/404    | static.error-page.404: "errors/404" (expected: a path inside static.root
            static.symlinks            | sometimes     | static.symlinks: "sometimes" (expected:
            static.cache-control.1.pattern | *.html    | static.cache-control.1.value: missing (expected: both
            static.file-cache-size     | big           | static.file-cache-size: "big" (expected: a size with a unit
            static.file-cache-max-file-size | 1GiB     | static.file-cache-max-file-size: "1GiB" (expected: at most 16MiB)
            static.metadata-cache-ttl  | 1             | static.metadata-cache-ttl: "1" (expected: a duration with a unit
            static.metadata-cache-ttl  | 2d            | static.metadata-cache-ttl: "2d" (expected: at most 1h
            """)
    void reportsBadValues(String key, String value, String expected) {
        ConfigReader r = reader(key, value);
        StaticConfigReader.read(r, "static.");
        r.reportUnknownKeys(java.util.Set.of());
        List<String> problems = r.problems().stream().map(Object::toString).toList();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("test.properties: " + expected);
    }

    @Test
    void malformedCacheRuleKeyIsUnknown() {
        ConfigReader r = reader("static.cache-control.x.pattern", "*.html");
        StaticConfigReader.read(r, "static.");
        r.reportUnknownKeys(java.util.Set.of());
        assertThat(r.problems()).singleElement().extracting(ConfigProblem::key).isEqualTo("static.cache-control.x.pattern");
    }
}
