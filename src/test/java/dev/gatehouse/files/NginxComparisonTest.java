package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import dev.gatehouse.testing.WireResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same range and conditional requests sent to Debian's nginx (plain HTTP on loopback, its own
 * prefix and config in a temp folder) and to Gatehouse (over TLS), serving the same document root
 * with equivalent settings (ETags on, {@code max_ranges 4} = {@code static.max-ranges=4}, no gzip,
 * {@code if_modified_since before} = RFC 9110's "not modified since"). Status, Content-Range,
 * Content-Length and bodies must agree, multipart bodies after normalising the boundary.
 *
 * <p>Validators are each server's own: nginx's ETag is {@code "mtime-size"}, ours adds the inode, so
 * {@code {etag}} in a case stands for the ETag fetched first from the server being asked.
 *
 * <p>Differences the RFC allows (or where nginx departs from it and we follow RFC 9110) are listed in
 * {@link #KNOWN}, each with its reason; for those, both servers' statuses are pinned, so a change on
 * either side is noticed. Other differences that are not per-case:
 * <ul>
 * <li>Error bodies (412, 416) are each server's own page: RFC 9110 does not define them. Only status
 *     and Content-Range are compared.</li>
 * <li>nginx starts a multipart body with CRLF before the first delimiter (an empty preamble, RFC 2046
 *     §5.1.1), we do not: bodies are compared after dropping it, so Content-Length differs by 2 and is
 *     checked against each body instead.</li>
 * </ul>
 *
 * <p>Runs wherever {@code /usr/sbin/nginx} exists; skipped (with a message) only where it is missing
 * and {@code CI} is unset; in CI a missing nginx fails the test ({@code .ci/run} installs it).
 */
class NginxComparisonTest {

    static final String NGINX = "/usr/sbin/nginx";
    static final Instant MTIME = Instant.parse("2024-03-01T10:00:00Z");
    static final String LAST_MODIFIED = "Fri, 01 Mar 2024 10:00:00 GMT";
    static final String EARLIER = "Fri, 01 Mar 2024 09:00:00 GMT";
    static final String LATER = "Sat, 02 Mar 2024 10:00:00 GMT";
    static final int LENGTH = 10000;

    /** Case name → [Gatehouse status, nginx status, reason]. */
    static final Map<String, Object[]> KNOWN = Map.of(
            "if-match match + if-unmodified-since earlier", new Object[] {206, 412,
                "RFC 9110 §13.2.2 step 2: If-Unmodified-Since is ignored when If-Match is present; nginx "
                + "evaluates both"},
            "if-none-match match + if-modified-since earlier", new Object[] {304, 200,
                "RFC 9110 §13.1.3: a recipient MUST ignore If-Modified-Since when If-None-Match is present; "
                + "nginx requires both to say 'not modified'"},
            "malformed range", new Object[] {200, 416,
                "RFC 9110 §14.2: a server MAY ignore a Range it cannot parse (we send 200, as Go does); "
                + "nginx answers 416"},
            "reversed range", new Object[] {200, 416,
                "RFC 9110 §14.1.1: last-pos below first-pos makes the ranges-specifier invalid, and §14.2 lets "
                + "a server ignore it (200, as Go); nginx answers 416"});

    static Path dir;
    static TestServer gatehouse;
    static Process nginx;
    static int nginxPort;
    static Path docroot;
    static byte[] data;
    static String ourEtag;
    static String nginxEtag;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(NGINX))) {
            if (System.getenv("CI") == null) {
                Assumptions.abort(NGINX + " is not installed (apt-get install nginx); this comparison runs "
                        + "wherever it is, and always in CI");
            }
            fail(NGINX + " is missing but CI is set: .ci/run must install the nginx package");
        }
        dir = Files.createTempDirectory("gatehouse-nginx-compare");
        TestServer.Builder builder = TestServer.builder(dir).property("static.max-ranges", "4")
                .property("static.compress", "false").property("static.metadata-cache-ttl", "0s");
        docroot = builder.docroot();
        data = new byte[LENGTH];
        new Random(7).nextBytes(data);
        Files.write(docroot.resolve("file.bin"), data);
        Files.setLastModifiedTime(docroot.resolve("file.bin"), FileTime.from(MTIME));
        gatehouse = builder.start();
        nginx = startNginx(dir.resolve("nginx"), docroot);
        ourEtag = ours("GET /file.bin", List.of()).header("etag");
        nginxEtag = theirs("GET /file.bin", List.of()).header("etag");
        assertThat(ourEtag).isNotBlank();
        assertThat(nginxEtag).isNotBlank();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy(); // SIGTERM: nginx's fast shutdown
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (gatehouse != null) {
            gatehouse.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Process startNginx(Path prefix, Path root) throws Exception {
        Files.createDirectories(prefix.resolve("tmp"));
        nginxPort = freePort();
        String conf = """
                worker_processes 1;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    types { application/octet-stream bin; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                        etag on;
                        max_ranges 4;
                        gzip off;
                        if_modified_since before;
                        server_tokens off;
                    }
                }
                """.formatted(prefix, nginxPort, root);
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder(NGINX, "-p", prefix + "/", "-e", prefix + "/error.log", "-c", confFile.toString(),
                "-g", "daemon off; master_process off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("nginx exited with " + p.exitValue() + ": " + Files.readString(prefix.resolve("stdout.log"))
                        + readIfExists(prefix.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", nginxPort), 500);
                return p;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        fail("nginx did not listen on " + nginxPort + " within 15 s: " + readIfExists(prefix.resolve("error.log")));
        return null;
    }

    static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String request(String requestLine, List<String> headers, String etag) {
        StringBuilder req = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            req.append(h.replace("{etag}", etag)).append("\r\n");
        }
        return req.append("Connection: close\r\n\r\n").toString();
    }

    static WireResponse ours(String requestLine, List<String> headers) throws IOException {
        return WireResponse.parse(RawTls.exchange(gatehouse.clientSslContext(), gatehouse.httpsPort(),
                request(requestLine, headers, ourEtag)));
    }

    static WireResponse theirs(String requestLine, List<String> headers) throws IOException {
        return WireResponse.parse(RawTls.plain(nginxPort, request(requestLine, headers, nginxEtag)));
    }

    record Case(String name, String requestLine, List<String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case get(String name, String... headers) {
        return new Case(name, "GET /file.bin", List.of(headers));
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(get("plain"));
        c.add(new Case("head", "HEAD /file.bin", List.of()));
        c.add(new Case("missing file", "GET /nope.bin", List.of()));
        // ranges (RFC 9110 §14)
        c.add(get("single", "Range: bytes=0-99"));
        c.add(get("single middle", "Range: bytes=5000-5009"));
        c.add(get("single last byte", "Range: bytes=9999-9999"));
        c.add(get("end past length", "Range: bytes=9990-20000"));
        c.add(get("suffix", "Range: bytes=-100"));
        c.add(get("suffix longer than file", "Range: bytes=-20000"));
        c.add(get("suffix zero", "Range: bytes=-0"));
        c.add(get("open", "Range: bytes=9000-"));
        c.add(get("open from zero", "Range: bytes=0-"));
        c.add(get("multi", "Range: bytes=0-9,100-109,-5"));
        c.add(get("multi out of order", "Range: bytes=500-509,0-9"));
        c.add(get("multi with spaces", "Range: bytes= 0-1 , 3-4"));
        c.add(get("multi one unsatisfiable", "Range: bytes=0-9,20000-20010"));
        c.add(get("multi adjacent", "Range: bytes=0-9,10-19"));
        c.add(get("more than max-ranges", "Range: bytes=0-0,2-2,4-4,6-6,8-8"));
        c.add(get("exactly max-ranges", "Range: bytes=0-0,2-2,4-4,6-6"));
        c.add(get("overlapping within length", "Range: bytes=0-99,50-149"));
        c.add(get("overlapping beyond length", "Range: bytes=0-9999,0-9999"));
        c.add(get("abusive repeated", "Range: bytes=0-6000,1000-7000,2000-8000"));
        c.add(get("unsatisfiable", "Range: bytes=10000-10010"));
        c.add(get("unsatisfiable open", "Range: bytes=10000-"));
        c.add(get("malformed range", "Range: bytes=abc"));
        c.add(get("reversed range", "Range: bytes=9-0"));
        c.add(get("other unit", "Range: lines=0-9"));
        c.add(new Case("head range", "HEAD /file.bin", List.of("Range: bytes=0-99")));
        // If-Range (§13.1.5)
        c.add(get("if-range etag match", "Range: bytes=0-99", "If-Range: {etag}"));
        c.add(get("if-range etag mismatch", "Range: bytes=0-99", "If-Range: \"nope\""));
        c.add(get("if-range weak etag", "Range: bytes=0-99", "If-Range: W/{etag}"));
        c.add(get("if-range date match", "Range: bytes=0-99", "If-Range: " + LAST_MODIFIED));
        c.add(get("if-range date earlier", "Range: bytes=0-99", "If-Range: " + EARLIER));
        c.add(get("if-range multi match", "Range: bytes=0-9,20-29", "If-Range: {etag}"));
        // preconditions (§13.1, evaluated in §13.2.2's order)
        c.add(get("if-none-match match", "If-None-Match: {etag}"));
        c.add(get("if-none-match mismatch", "If-None-Match: \"nope\""));
        c.add(get("if-none-match star", "If-None-Match: *"));
        c.add(get("if-none-match list", "If-None-Match: \"a\", {etag}"));
        c.add(get("if-none-match weak", "If-None-Match: W/{etag}"));
        c.add(get("if-modified-since equal", "If-Modified-Since: " + LAST_MODIFIED));
        c.add(get("if-modified-since later", "If-Modified-Since: " + LATER));
        c.add(get("if-modified-since earlier", "If-Modified-Since: " + EARLIER));
        c.add(get("if-modified-since garbage", "If-Modified-Since: yesterday"));
        c.add(get("if-none-match mismatch + if-modified-since later", "If-None-Match: \"nope\"",
                "If-Modified-Since: " + LATER));
        c.add(get("if-none-match match + if-modified-since earlier", "If-None-Match: {etag}",
                "If-Modified-Since: " + EARLIER));
        c.add(get("if-match match", "If-Match: {etag}"));
        c.add(get("if-match mismatch", "If-Match: \"nope\""));
        c.add(get("if-match star", "If-Match: *"));
        c.add(get("if-match weak", "If-Match: W/{etag}"));
        c.add(get("if-unmodified-since equal", "If-Unmodified-Since: " + LAST_MODIFIED));
        c.add(get("if-unmodified-since earlier", "If-Unmodified-Since: " + EARLIER));
        c.add(get("if-unmodified-since later", "If-Unmodified-Since: " + LATER));
        c.add(get("if-match mismatch + if-none-match mismatch", "If-Match: \"nope\"", "If-None-Match: \"nope\""));
        c.add(get("if-match match + if-none-match match", "If-Match: {etag}", "If-None-Match: {etag}"));
        c.add(get("if-match match + if-unmodified-since earlier", "If-Match: {etag}",
                "If-Unmodified-Since: " + EARLIER, "Range: bytes=0-9"));
        c.add(get("if-unmodified-since later + if-modified-since later", "If-Unmodified-Since: " + LATER,
                "If-Modified-Since: " + LATER));
        c.add(get("if-match match + range", "If-Match: {etag}", "Range: bytes=0-9"));
        c.add(get("if-none-match match + range", "If-None-Match: {etag}", "Range: bytes=0-9"));
        c.add(get("if-modified-since later + range", "If-Modified-Since: " + LATER, "Range: bytes=0-9"));
        c.add(get("if-unmodified-since earlier + range", "If-Unmodified-Since: " + EARLIER, "Range: bytes=0-9"));
        c.add(get("if-none-match mismatch + range unsatisfiable", "If-None-Match: \"nope\"",
                "Range: bytes=20000-"));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAnswerAsNginx(Case c) throws IOException {
        WireResponse ours = ours(c.requestLine(), c.headers());
        WireResponse theirs = theirs(c.requestLine(), c.headers());
        String context = c + "\n  gatehouse: " + ours.status() + " " + ours.headers() + "\n  nginx:     "
                + theirs.status() + " " + theirs.headers();
        Object[] known = KNOWN.get(c.name());
        if (known != null) {
            assertThat(ours.status()).as("Gatehouse, known difference (%s): %s", known[2], context).isEqualTo(known[0]);
            assertThat(theirs.status()).as("nginx, known difference (%s): %s", known[2], context).isEqualTo(known[1]);
            return;
        }
        assertThat(ours.status()).as(context).isEqualTo(theirs.status());
        assertThat(ours.header("content-range")).as(context).isEqualTo(theirs.header("content-range"));
        int status = ours.status();
        if (status >= 400) {
            return; // error pages are each server's own
        }
        boolean head = c.requestLine().startsWith("HEAD");
        String ourType = ours.header("content-type");
        if (ourType != null && ourType.startsWith("multipart/byteranges")) {
            assertThat(theirs.header("content-type")).as(context).startsWith("multipart/byteranges; boundary=");
            if (head) {
                return; // lengths differ by nginx's leading CRLF, see the class comment; no bodies
            }
            String a = normalise(ours);
            String b = normalise(theirs);
            assertThat(a).as(context).isEqualTo(b);
            assertThat(ours.header("content-length")).as(context).isEqualTo(String.valueOf(ours.body().length));
            assertThat(theirs.header("content-length")).as(context).isEqualTo(String.valueOf(theirs.body().length));
            return;
        }
        if (status == 304) {
            assertThat(ours.body()).as(context).isEmpty();
            assertThat(theirs.body()).as(context).isEmpty();
            assertThat(ours.header("etag")).as(context).isEqualTo(ourEtag);
            assertThat(theirs.header("etag")).as(context).isEqualTo(nginxEtag);
            return;
        }
        assertThat(ours.header("content-length")).as(context).isEqualTo(theirs.header("content-length"));
        assertThat(ours.header("content-type")).as(context).isEqualTo(theirs.header("content-type"));
        assertThat(ours.body()).as(context).isEqualTo(theirs.body());
        if (status == 200 && !head) {
            assertThat(ours.body()).as(context).isEqualTo(data);
        }
    }

    static final Pattern BOUNDARY = Pattern.compile("boundary=(\\S+)");

    /** The multipart body with its boundary replaced by a fixed word and an empty preamble dropped. */
    static String normalise(WireResponse r) {
        Matcher m = BOUNDARY.matcher(r.header("content-type"));
        assertThat(m.find()).isTrue();
        String body = new String(r.body(), StandardCharsets.ISO_8859_1).replace(m.group(1), "BOUNDARY");
        return body.startsWith("\r\n") ? body.substring(2) : body;
    }
}
