package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling and ambiguity, over TLS: every case gets its status (or just a close) and the
 * connection is closed, so that nothing after the bad bytes can be read as a second request. A
 * trailing honest request on the same connection must never be answered.
 */
class MalformedRequestBatteryTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder(dir).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String H = "Host: localhost\r\n";
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n";

    static Stream<Arguments> battery() {
        return Stream.of(
                // Content-Length games
                Arguments.of("CL and TE together", "POST / HTTP/1.1\r\n" + H + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"),
                Arguments.of("two different CL", "POST / HTTP/1.1\r\n" + H + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", "400"),
                Arguments.of("CL list", "POST / HTTP/1.1\r\n" + H + "Content-Length: 4, 4\r\n\r\nabcd", "400"),
                Arguments.of("negative CL", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", "400"),
                Arguments.of("signed CL", "POST / HTTP/1.1\r\n" + H + "Content-Length: +4\r\n\r\nabcd", "400"),
                Arguments.of("hex CL", "POST / HTTP/1.1\r\n" + H + "Content-Length: 0x4\r\n\r\nabcd", "400"),
                Arguments.of("CL with space inside", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1 2\r\n\r\n", "400"),
                Arguments.of("huge CL", "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999999999999\r\n\r\n", "400"),
                // Transfer-Encoding games
                Arguments.of("TE not chunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip\r\n\r\n", "400"),
                Arguments.of("chunked not last", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n", "400"),
                Arguments.of("chunked twice", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"),
                Arguments.of("xchunked", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: xchunked\r\n\r\n", "400"),
                Arguments.of("TE with space before colon", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", "400"),
                Arguments.of("absurd chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nx\r\n", "close"),
                Arguments.of("chunk size not hex", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n", "close"),
                // Header syntax
                Arguments.of("obs-fold", "GET / HTTP/1.1\r\n" + H + "X-A: a\r\n b\r\n\r\n", "400"),
                Arguments.of("obs-fold with tab", "GET / HTTP/1.1\r\n" + H + "X-A: a\r\n\tb\r\n\r\n", "400"),
                Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost : localhost\r\n\r\n", "400"),
                Arguments.of("NUL in header value", "GET / HTTP/1.1\r\n" + H + "X-A: a\u0000b\r\n\r\n", "400"),
                Arguments.of("CTL in header value", "GET / HTTP/1.1\r\n" + H + "X-A: a\u0001b\r\n\r\n", "400"),
                Arguments.of("bare CR in header", "GET / HTTP/1.1\r\n" + H + "X-A: a\rb\r\n\r\n", "400"),
                Arguments.of("bare LF line ends", "GET / HTTP/1.1\n" + "Host: localhost\n\n", "400"),
                Arguments.of("non-token header name", "GET / HTTP/1.1\r\n" + H + "X(A): b\r\n\r\n", "400"),
                Arguments.of("header without colon", "GET / HTTP/1.1\r\n" + H + "NoColon\r\n\r\n", "400"),
                // Host
                Arguments.of("missing Host", "GET / HTTP/1.1\r\n\r\n", "400"),
                Arguments.of("duplicate Host", "GET / HTTP/1.1\r\n" + H + H + "\r\n", "400"),
                Arguments.of("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@localhost\r\n\r\n", "400"),
                Arguments.of("Host with path", "GET / HTTP/1.1\r\nHost: localhost/x\r\n\r\n", "400"),
                // Request line
                Arguments.of("HTTP/1.11", "GET / HTTP/1.11\r\n" + H + "\r\n", "400"),
                Arguments.of("HTTP/10.0", "GET / HTTP/10.0\r\n" + H + "\r\n", "400"),
                Arguments.of("HTTP/2.0 over h1", "GET / HTTP/2.0\r\n" + H + "\r\n", "505"),
                Arguments.of("not HTTP", "GET / FOO/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("HTTP/0.9", "GET /\r\n\r\n", "400"),
                Arguments.of("lower-case method", "get / HTTP/1.1\r\n" + H + "\r\n", "501"),
                Arguments.of("CTL in target", "GET /a\u0001b HTTP/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("DEL in target", "GET /a\u007fb HTTP/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("non-ASCII target", "GET /caf\u00e9 HTTP/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("target without slash", "GET index.html HTTP/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("asterisk with GET", "GET * HTTP/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("authority form", "CONNECT localhost:443 HTTP/1.1\r\n" + H + "\r\n", "400"),
                Arguments.of("overlong line", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + H + "\r\n", "414"),
                Arguments.of("overlong head", "GET / HTTP/1.1\r\n" + H + "X-Big: " + "b".repeat(17_000) + "\r\n\r\n", "431"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("battery")
    void isRefusedAndClosed(String name, String request, String expected) throws Exception {
        String response = RawTls.exchange(server.clientSslContext(), server.httpsPort(), request + SMUGGLED);
        assertThat(response).as("connection closed").doesNotContain("[timeout: connection still open]");
        assertThat(response).as("nothing after the bad request is answered").doesNotContain("HTTP/1.1 200");
        if (expected.equals("close")) {
            assertThat(response).doesNotContain(" 200 ");
        } else {
            assertThat(response).startsWith("HTTP/1.1 " + expected + " ");
        }
    }

    @Test
    void atLeastThirtyCases() {
        assertThat(battery().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void anHonestRequestStillWorks() throws Exception {
        assertThat(RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }
}
