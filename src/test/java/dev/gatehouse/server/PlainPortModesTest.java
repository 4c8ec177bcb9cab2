package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ExternalTool;
import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** listener.http.mode (redirect, off, serve, upgrade, upgrade+redirect) and listener.https.unified. */
class PlainPortModesTest {

    @TempDir
    Path dir;

    private TestServer start(String mode, String unified) throws IOException {
        TestServer.Builder builder = TestServer.builder(dir).property("listener.http.mode", mode)
                .property("listener.https.unified", unified);
        Files.writeString(builder.docroot().resolve("hello.txt"), "hello, world\n");
        return builder.start();
    }

    @Test
    void rfc2817OptionsUpgradeThenFileOverTlsOnTheSameSocket() throws Exception {
        try (TestServer server = start("upgrade", null);
                Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(5000);
            send(socket.getOutputStream(), "OPTIONS * HTTP/1.1\r\nHost: localhost:" + server.httpPort()
                    + "\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n");
            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("upgrade: tls/1.0, http/1.1").contains("connection: upgrade");

            SSLSocket tls = (SSLSocket) server.clientSslContext().getSocketFactory()
                    .createSocket(socket, "localhost", server.httpPort(), true);
            tls.startHandshake();
            assertThat(tls.getSession().getProtocol()).isEqualTo("TLSv1.3");
            InputStream in = tls.getInputStream();
            // RFC 2817 §3.3: the original request is answered over TLS.
            String options = readHead(in);
            assertThat(options).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(options.toLowerCase(Locale.ROOT)).contains("allow: get, head").contains("content-length: 0");

            send(tls.getOutputStream(), "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String rest = RawTls.readAll(in);
            assertThat(rest).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello, world\n");
        }
    }

    @Test
    void rfc2817GetWithUpgradeIsAnsweredAfterTheHandshake() throws Exception {
        try (TestServer server = start("upgrade+redirect", null);
                Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(5000);
            send(socket.getOutputStream(), "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n"
                    + "Upgrade: TLS/1.0\r\nConnection: Upgrade, close\r\n\r\n");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101 ");
            SSLSocket tls = (SSLSocket) server.clientSslContext().getSocketFactory()
                    .createSocket(socket, "localhost", server.httpPort(), true);
            tls.startHandshake();
            String response = RawTls.readAll(tls.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello, world\n");
        }
    }

    @Test
    void upgradeModeAnswers426WithoutTheUpgradeHeader() throws Exception {
        try (TestServer server = start("upgrade", null)) {
            String r = RawTls.plain(server.httpPort(), "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 426 Upgrade Required\r\n");
            assertThat(r.toLowerCase(Locale.ROOT)).contains("upgrade: tls/1.0, http/1.1");
            assertThat(r).doesNotContain("hello, world");
        }
    }

    @Test
    void upgradePlusRedirectRedirectsRequestsThatDoNotAsk() throws Exception {
        try (TestServer server = start("upgrade+redirect", null)) {
            HttpResponse<String> r = plainClient().send(HttpRequest.newBuilder(server.http("/a?b=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(308);
            assertThat(r.headers().firstValue("location")).hasValue("https://localhost:" + server.httpsPort() + "/a?b=1");
        }
    }

    @Test
    void serveModeServesTheSiteOverPlainHttpWithoutHsts() throws Exception {
        Path big;
        try (TestServer server = start("serve", null)) {
            big = server.dir().resolve("www/big.bin");
            byte[] bytes = new byte[3 * 1024 * 1024 + 7];
            new java.util.Random(1).nextBytes(bytes);
            Files.write(big, bytes);
            String r = RawTls.plain(server.httpPort(),
                    "GET /hello.txt HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello, world\n");
            assertThat(r.toLowerCase(Locale.ROOT)).doesNotContain("strict-transport-security");
            HttpResponse<byte[]> b = plainClient().send(HttpRequest.newBuilder(server.http("/big.bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(b.body()).isEqualTo(bytes);
        }
    }

    @Test
    void offModeHasNoPlainListener() throws Exception {
        try (TestServer server = start("off", null)) {
            assertThat(server.httpPort()).isEqualTo(-1);
        }
    }

    @Test
    void unifiedHttpsPortRedirectsPlainHttpAndStillSpeaksTls() throws Exception {
        String curl = ExternalTool.require("curl", "curl");
        try (TestServer server = start("redirect", null)) {
            ExternalTool.Result r = ExternalTool.run(dir, 30, curl, "-sS", "--noproxy", "*", "--max-time", "10",
                    "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                    "http://127.0.0.1:" + server.httpsPort() + "/x?y=1");
            assertThat(r.output()).isEqualTo("308 https://127.0.0.1:" + server.httpsPort() + "/x?y=1");
            HttpResponse<String> tls = server.client(HttpClient.Version.HTTP_2, "TLSv1.3").send(
                    HttpRequest.newBuilder(server.https("/hello.txt")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(tls.body()).isEqualTo("hello, world\n");
            assertThat(tls.version()).isEqualTo(HttpClient.Version.HTTP_2);
            String h1 = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                    "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(h1).startsWith("HTTP/1.1 200 OK").endsWith("hello, world\n");
        }
    }

    @Test
    void notUnifiedHttpsPortGivesPlainHttpNoHttpAnswer() throws Exception {
        try (TestServer server = start("redirect", "false")) {
            String r = RawTls.plain(server.httpsPort(), "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(r).doesNotContain("HTTP/1.1");
        }
    }

    private static HttpClient plainClient() {
        return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response head byte by byte (so nothing after it is consumed), plus a Content-Length body. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
            if (n > 16384) {
                throw new IOException("response head too long");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                in.readNBytes(length);
            }
        }
        return text;
    }
}
