package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reverse proxy against real backends on loopback, through a real Gatehouse over TLS. */
class ProxyIntegrationTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static Backend a;
    static Backend b;
    static WebSocketBackend ws;
    static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        a = new Backend("a");
        b = new Backend("b");
        ws = new WebSocketBackend();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        server = TestServer.builder(dir)
                .property("route.10.match", "/api/**").property("route.10.proxy", a.url())
                .property("route.10.header.set.X-Via", "gatehouse")
                .property("route.10.request-header.set.X-Gateway", "gatehouse")
                .property("route.10.request-header.remove.Cookie", "true")
                .property("route.20.match", "/trusting/**").property("route.20.proxy", a.url())
                .property("route.20.proxy.trust-forwarded-from", "127.0.0.1, ::1")
                .property("route.20.proxy.host", "backend.internal")
                .property("route.30.match", "/down/**").property("route.30.proxy", "http://127.0.0.1:" + closedPort)
                .property("route.40.match", "/slow/**").property("route.40.proxy", a.url())
                .property("route.40.proxy.read-timeout", "1s")
                .property("route.50.match", "/pair/**")
                .property("route.50.proxy", "http://127.0.0.1:" + closedPort + ", " + b.url())
                .property("route.60.match", "/ws").property("route.60.proxy", ws.url())
                .property("route.5.match", "/old-api/**").property("route.5.rewrite", "/api/{rest}")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        a.close();
        b.close();
        ws.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return server.client().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.body().lines().filter(l -> l.startsWith("h." + name + "=")).map(l -> l.substring(name.length() + 3))
                .findFirst().orElse(null);
    }

    @Test
    void getWithQueryAndResponseHeaders() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/api/echo?x=1&y=%20")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("method=GET\n", "uri=/api/echo?x=1&y=%20\n");
        assertThat(r.headers().firstValue("x-backend")).hasValue("a");
        assertThat(r.headers().firstValue("x-via")).hasValue("gatehouse");
        assertThat(r.headers().firstValue("keep-alive")).isEmpty();
        assertThat(r.headers().firstValue("x-frame-options")).hasValue("SAMEORIGIN");
    }

    @Test
    void postWithBodies() throws Exception {
        HttpResponse<String> fixed = send(HttpRequest.newBuilder(server.https("/api/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("name=gatehouse")));
        assertThat(fixed.body()).contains("method=POST\n", "body=name=gatehouse\n");
        // Unknown length: the JDK client sends it chunked.
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(server.https("/api/echo"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("streamed".getBytes()))));
        assertThat(chunked.body()).contains("method=PUT\n", "body=streamed\n");
    }

    @Test
    void chunkedResponse() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/api/chunked")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("part0;part1;part2;part3;part4;");
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    }

    @Test
    void rewrittenPathIsWhatGoesUpstream() throws Exception {
        assertThat(send(HttpRequest.newBuilder(server.https("/old-api/echo?q=1"))).body()).contains("uri=/api/echo?q=1\n");
    }

    @Test
    void forwardingHeadersReplaceWhatAnUntrustedClientSent() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/api/echo"))
                .header("X-Forwarded-For", "6.6.6.6").header("Forwarded", "for=6.6.6.6").header("X-Forwarded-Proto", "http"));
        String host = "localhost:" + server.httpsPort();
        assertThat(header(r, "x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(header(r, "x-forwarded-proto")).isEqualTo("https");
        assertThat(header(r, "x-forwarded-host")).isEqualTo(host);
        assertThat(header(r, "forwarded")).isEqualTo("for=127.0.0.1;proto=https;host=\"" + host + "\"");
        assertThat(header(r, "host")).isEqualTo(host);
    }

    @Test
    void requestHeaderEditsApplyToTheUpstreamRequest() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/api/echo")).header("Cookie", "session=1"));
        assertThat(header(r, "x-gateway")).isEqualTo("gatehouse");
        assertThat(header(r, "cookie")).isNull();
    }

    @Test
    void trustedPeersChainIsExtendedAndHostRewritten() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/trusting/echo"))
                .header("X-Forwarded-For", "203.0.113.9").header("Forwarded", "for=203.0.113.9"));
        assertThat(header(r, "x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(header(r, "forwarded")).startsWith("for=203.0.113.9, for=127.0.0.1;proto=https");
        assertThat(header(r, "host")).isEqualTo("backend.internal");
    }

    @Test
    void hopByHopHeadersDoNotCross() throws Exception {
        String raw = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "GET /api/echo HTTP/1.1\r\nHost: localhost\r\nConnection: close, X-Secret\r\nX-Secret: 1\r\n"
                        + "Keep-Alive: timeout=9\r\nTE: trailers\r\nX-Kept: yes\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200 ").contains("h.x-kept=yes").doesNotContain("h.x-secret")
                .doesNotContain("h.keep-alive").doesNotContain("h.te=");
    }

    @Test
    void expectContinueAndPipelinedHeadAfterAProxiedPost() throws Exception {
        String raw = RawTls.exchange(server.clientSslContext(), server.httpsPort(),
                "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello"
                        + "HEAD /api/echo HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /api/echo?third HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n").contains("body=hello");
        int head = raw.indexOf("HTTP/1.1 200", raw.indexOf("body=hello"));
        int third = raw.indexOf("HTTP/1.1 200", head + 1);
        assertThat(head).isPositive();
        assertThat(third).isGreaterThan(head);
        // The HEAD response carries no body: the next thing after its head is the third response.
        assertThat(raw.substring(head, third)).doesNotContain("method=");
        assertThat(raw.substring(third)).contains("method=GET", "uri=/api/echo?third").doesNotContain("[timeout");
    }

    @Test
    void keepAliveConnectionsToTheUpstreamAreReused() throws Exception {
        HttpClient client = server.client();
        int before = a.connections.size();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.https("/api/echo?i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(a.connections.size() - before).isLessThanOrEqualTo(3);
    }

    @Test
    void upstreamDownIs502() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/down/x")));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("502 Bad Gateway").doesNotContain("127.0.0.1");
    }

    @Test
    void slowUpstreamIs504() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/slow/slow")));
        assertThat(r.statusCode()).isEqualTo(504);
        // The client connection stays usable after a gateway error.
        assertThat(send(HttpRequest.newBuilder(server.https("/api/echo"))).statusCode()).isEqualTo(200);
    }

    @Test
    void oneOfTwoUpstreamsDownStillServesEveryRequest() throws Exception {
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(server.https("/pair/echo")));
            assertThat(r.statusCode()).as("request " + i).isEqualTo(200);
            assertThat(r.body()).contains("backend=b");
        }
    }

    @Test
    void webSocketEchoThroughTheProxy() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = server.client().newWebSocketBuilder()
                .buildAsync(URI.create("wss://localhost:" + server.httpsPort() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("hello through gatehouse", true);
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("echo:hello through gatehouse");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }
}
