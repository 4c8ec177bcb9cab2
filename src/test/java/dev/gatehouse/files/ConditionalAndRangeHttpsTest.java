package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.HttpDates;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.testing.WireResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validators, preconditions (RFC 9110 §13), ranges (§14) and HEAD parity, over real TLS sockets. */
class ConditionalAndRangeHttpsTest {

    static final Instant MTIME = Instant.parse("2024-03-01T10:00:00.250Z");
    static final String LAST_MODIFIED = "Fri, 01 Mar 2024 10:00:00 GMT";
    static final String EARLIER = "Fri, 01 Mar 2024 09:59:59 GMT";

    @TempDir
    static Path dir;
    static TestServer server;
    static Path root;
    static byte[] data;
    static String etag;

    @BeforeAll
    static void start() throws IOException {
        // metadata-cache-ttl=0s: some tests change a file and look at once. The file cache stays on (the
        // files here are small, so bodies and ranges come from memory), and the atomic-rename test
        // checks that it keys on the inode too.
        TestServer.Builder builder = TestServer.builder(dir).property("static.max-ranges", "4")
                .property("static.metadata-cache-ttl", "0s")
                .property("static.mime.data", "application/x-gatehouse-test");
        root = builder.docroot();
        data = new byte[10000];
        new Random(42).nextBytes(data);
        Files.write(root.resolve("file.bin"), data);
        Files.setLastModifiedTime(root.resolve("file.bin"), FileTime.from(MTIME));
        Files.writeString(root.resolve("empty.txt"), "");
        Files.writeString(root.resolve("x.data"), "custom");
        server = builder.start();
        etag = get("GET", "/file.bin").header("etag");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WireResponse get(String method, String path, String... headers) throws IOException {
        return WireResponse.exchange(server.clientSslContext(), server.httpsPort(), method, path, headers);
    }

    @Test
    void fullResponseCarriesStrongValidatorsAndAcceptRanges() throws IOException {
        WireResponse r = get("GET", "/file.bin");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
        assertThat(r.header("etag")).matches("\"[0-9a-f]+-2710-[0-9a-f]+\"");
        assertThat(r.header("last-modified")).isEqualTo(LAST_MODIFIED);
        assertThat(r.header("accept-ranges")).isEqualTo("bytes");
        assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(r.header("content-length")).isEqualTo("10000");
    }

    @Test
    void etagChangesWhenAFileIsReplacedBySameSizeSameTime() throws IOException {
        Path f = root.resolve("swap.txt");
        Files.writeString(f, "AAAA");
        Files.setLastModifiedTime(f, FileTime.from(MTIME));
        String before = get("GET", "/swap.txt").header("etag");
        // a deploy by atomic rename: same size, same mtime, new inode
        Path tmp = root.resolve("swap.tmp");
        Files.writeString(tmp, "BBBB");
        Files.setLastModifiedTime(tmp, FileTime.from(MTIME));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        WireResponse after = get("GET", "/swap.txt");
        assertThat(after.text()).isEqualTo("BBBB");
        assertThat(after.header("etag")).isNotEqualTo(before);
    }

    @Test
    void mimeOverrideFromConfig() throws IOException {
        assertThat(get("GET", "/x.data").header("content-type")).isEqualTo("application/x-gatehouse-test");
    }

    /** Every precondition combination that changes the outcome (§13.2.2), GET and HEAD. */
    @ParameterizedTest(name = "[{index}] {0}: {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            no conditions                    | -                              | -                         | 200
            If-Match matches                 | If-Match: ETAG                 | -                         | 200
            If-Match star                    | If-Match: *                    | -                         | 200
            If-Match differs                 | If-Match: "nope"               | -                         | 412
            If-Match weak never matches      | If-Match: W/ETAG               | -                         | 412
            IUS earlier                      | If-Unmodified-Since: EARLIER   | -                         | 412
            IUS equal                        | If-Unmodified-Since: LASTMOD   | -                         | 200
            If-Match wins over IUS           | If-Match: ETAG                 | If-Unmodified-Since: EARLIER | 200
            INM matches                      | If-None-Match: ETAG            | -                         | 304
            INM weak form matches            | If-None-Match: W/ETAG          | -                         | 304
            INM star                         | If-None-Match: *               | -                         | 304
            INM differs                      | If-None-Match: "nope"          | -                         | 200
            If-Match fails before INM        | If-Match: "nope"               | If-None-Match: ETAG        | 412
            IUS fails before INM             | If-Unmodified-Since: EARLIER   | If-None-Match: ETAG        | 412
            IMS equal                        | If-Modified-Since: LASTMOD     | -                         | 304
            IMS earlier                      | If-Modified-Since: EARLIER     | -                         | 200
            INM differs overrides IMS        | If-None-Match: "nope"          | If-Modified-Since: LASTMOD | 200
            INM matches, IMS earlier         | If-None-Match: ETAG            | If-Modified-Since: EARLIER | 304
            invalid IMS ignored              | If-Modified-Since: yesterday   | -                         | 200
            """)
    void preconditions(String name, String h1, String h2, int expected) throws IOException {
        List<String> headers = new ArrayList<>();
        for (String h : new String[] {h1, h2}) {
            if (h != null) {
                headers.add(h.replace("ETAG", etag).replace("EARLIER", EARLIER).replace("LASTMOD", LAST_MODIFIED));
            }
        }
        String[] hs = headers.toArray(String[]::new);
        WireResponse r = get("GET", "/file.bin", hs);
        assertThat(r.status()).isEqualTo(expected);
        if (expected == 200) {
            assertThat(r.body()).isEqualTo(data);
        }
        WireResponse head = get("HEAD", "/file.bin", hs);
        assertSameHead(head, r);
    }

    @Test
    void notModifiedRepeatsCacheHeadersAndHasNoBodyNorContentFields() throws IOException {
        WireResponse r = get("GET", "/file.bin", "If-None-Match: " + etag);
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("etag")).isEqualTo(etag);
        assertThat(r.header("date")).isNotNull();
        assertThat(r.header("content-length")).isNull();
        assertThat(r.header("content-type")).isNull();
        assertThat(r.header("content-range")).isNull();
    }

    @Test
    void singleRange() throws IOException {
        WireResponse r = get("GET", "/file.bin", "Range: bytes=100-199");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes 100-199/10000");
        assertThat(r.header("content-length")).isEqualTo("100");
        assertThat(r.header("etag")).isEqualTo(etag);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
    }

    @ParameterizedTest
    @CsvSource({"bytes=-300, 9700, 9999", "bytes=9990-, 9990, 9999", "bytes=9000-99999, 9000, 9999", "bytes=0-0, 0, 0"})
    void suffixOpenAndClampedRanges(String range, int first, int last) throws IOException {
        WireResponse r = get("GET", "/file.bin", "Range: " + range);
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isEqualTo("bytes " + first + "-" + last + "/10000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, first, last + 1));
    }

    @Test
    void multipleRangesAreMultipartByteranges() throws IOException {
        WireResponse r = get("GET", "/file.bin", "Range: bytes=0-9, 5000-5099, -5");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.header("content-range")).isNull();
        Matcher m = Pattern.compile("multipart/byteranges; boundary=(\\S+)").matcher(r.header("content-type"));
        assertThat(m.matches()).isTrue();
        assertThat(r.header("content-length")).isEqualTo(String.valueOf(r.body().length));
        List<Map.Entry<String, byte[]>> parts = multipart(r.body(), m.group(1));
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).getKey()).contains("Content-Range: bytes 0-9/10000")
                .contains("Content-Type: application/octet-stream");
        assertThat(parts.get(0).getValue()).isEqualTo(Arrays.copyOfRange(data, 0, 10));
        assertThat(parts.get(1).getKey()).contains("Content-Range: bytes 5000-5099/10000");
        assertThat(parts.get(1).getValue()).isEqualTo(Arrays.copyOfRange(data, 5000, 5100));
        assertThat(parts.get(2).getKey()).contains("Content-Range: bytes 9995-9999/10000");
        assertThat(parts.get(2).getValue()).isEqualTo(Arrays.copyOfRange(data, 9995, 10000));
    }

    @Test
    void multipartLargerThanOneChunkStreamsCorrectly() throws IOException {
        byte[] big = new byte[200_000];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        WireResponse r = get("GET", "/big.bin", "Range: bytes=1-40000,100000-199998");
        Matcher m = Pattern.compile("multipart/byteranges; boundary=(\\S+)").matcher(r.header("content-type"));
        assertThat(m.matches()).isTrue();
        List<Map.Entry<String, byte[]>> parts = multipart(r.body(), m.group(1));
        assertThat(parts.get(0).getValue()).isEqualTo(Arrays.copyOfRange(big, 1, 40001));
        assertThat(parts.get(1).getValue()).isEqualTo(Arrays.copyOfRange(big, 100000, 199999));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=10000-", "bytes=20000-30000", "bytes=-0"})
    void unsatisfiableIs416WithStarContentRange(String range) throws IOException {
        WireResponse r = get("GET", "/file.bin", "Range: " + range);
        assertThat(r.status()).isEqualTo(416);
        assertThat(r.header("content-range")).isEqualTo("bytes */10000");
        assertSameHead(get("HEAD", "/file.bin", "Range: " + range), r);
    }

    @Test
    void anyRangeOfAnEmptyFileIs416() throws IOException {
        WireResponse r = get("GET", "/empty.txt", "Range: bytes=0-");
        assertThat(r.status()).isEqualTo(416);
        assertThat(r.header("content-range")).isEqualTo("bytes */0");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "bytes=0-9999,0-9999",            // the whole file twice
        "bytes=0-,0-,0-",                 // repeated open ranges
        "bytes=0-1,2-3,4-5,6-7,8-9",      // more than static.max-ranges=4
        "bytes=5-1",                      // invalid: ignored, not an error
        "lines=1-2"                       // unknown unit
    })
    void abusiveOrInvalidRangesGetTheWholeFile(String range) throws IOException {
        WireResponse r = get("GET", "/file.bin", "Range: " + range);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
    }

    @ParameterizedTest(name = "[{index}] If-Range {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ETAG          | 206
            W/ETAG        | 200
            "stale"       | 200
            LASTMOD       | 206
            EARLIER       | 200
            """)
    void ifRange(String ifRange, int expected) throws IOException {
        String v = ifRange.replace("ETAG", etag).replace("LASTMOD", LAST_MODIFIED).replace("EARLIER", EARLIER);
        WireResponse r = get("GET", "/file.bin", "Range: bytes=0-99", "If-Range: " + v);
        assertThat(r.status()).isEqualTo(expected);
        assertThat(r.body()).isEqualTo(expected == 206 ? Arrays.copyOfRange(data, 0, 100) : data);
    }

    @ParameterizedTest(name = "[{index}] HEAD {0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            /file.bin      | -
            /file.bin      | Range: bytes=0-99
            /file.bin      | Range: bytes=0-9,20-29
            /file.bin      | Range: bytes=10000-
            /missing.bin   | -
            /file.bin/     | -
            /              | -
            """)
    void headIsGetWithoutBody(String path, String header) throws IOException {
        String[] hs = header == null ? new String[0] : new String[] {header};
        assertSameHead(get("HEAD", path, hs), get("GET", path, hs));
    }

    @Test
    void curlRangeRequests() throws Exception {
        Path ca = server.pki().writeCaPem(dir.resolve("ca.pem"));
        Path out = dir.resolve("curl-out.bin");
        String url = server.https("/file.bin").toString();
        assertThat(curl(ca, out, "-r", "100-299", url)).isEqualTo("206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(data, 100, 300));
        assertThat(curl(ca, out, "-r", "-50", url)).isEqualTo("206");
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(data, 9950, 10000));
        assertThat(curl(ca, out, "-r", "0-1,5-6", url)).isEqualTo("206");
        assertThat(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1))
                .contains("Content-Range: bytes 0-1/10000").contains("Content-Range: bytes 5-6/10000");
        assertThat(curl(ca, out, "-r", "20000-", url)).isEqualTo("416");
    }

    private static String curl(Path ca, Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "20",
                "--cacert", ca.toString(), "-o", out.toString(), "-w", "%{http_code}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return code;
    }

    /** Same status and headers (but Date, X-Request-Id, and the random multipart boundary); HEAD has no body. */
    static void assertSameHead(WireResponse head, WireResponse get) {
        assertThat(head.status()).isEqualTo(get.status());
        assertThat(head.body()).isEmpty();
        assertThat(normalise(head.headers())).isEqualTo(normalise(get.headers()));
    }

    private static Map<String, List<String>> normalise(Map<String, List<String>> headers) {
        Map<String, List<String>> m = new java.util.TreeMap<>(headers);
        m.remove("date");
        m.remove("x-request-id"); // a fresh id per request (docs/operations.md, "Request id")
        m.computeIfPresent("content-type", (k, v) -> v.stream().map(s -> s.replaceAll("boundary=\\S+", "boundary=B")).toList());
        return m;
    }

    /** Splits a multipart/byteranges body into (part head, part bytes). */
    static List<Map.Entry<String, byte[]>> multipart(byte[] body, String boundary) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<Map.Entry<String, byte[]>> parts = new ArrayList<>();
        int at = s.indexOf(delimiter);
        while (at >= 0 && !s.startsWith(delimiter + "--", at)) {
            int headEnd = s.indexOf("\r\n\r\n", at);
            int next = s.indexOf("\r\n" + delimiter, headEnd);
            parts.add(Map.entry(s.substring(at, headEnd), s.substring(headEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1)));
            at = next + 2;
        }
        assertThat(s).endsWith("\r\n" + delimiter + "--\r\n");
        return parts;
    }
}
