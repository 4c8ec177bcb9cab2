package dev.gatehouse.server;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.logging.AccessEntry;
import dev.gatehouse.logging.AccessLog;
import dev.gatehouse.metrics.Metrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Follows one request from its complete head to its last written byte: assigns the request id
 * ({@code X-Request-Id} accepted when sane, else generated; echoed on the response and meant for
 * upstreams), then on completion counts it in {@link Metrics} and writes the access log entry.
 * Protocol-neutral apart from reading the request head, so HTTP/2 can use it as well.
 */
final class RequestRecord {

    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Channel connection;
    private final long start = System.nanoTime();
    private final String method;
    private final String target;
    private final String protocol;
    private final String host;
    private final String referer;
    private final String userAgent;
    private final String requestId;

    private RequestRecord(Channel connection, HttpRequest request, String protocol) {
        this.connection = connection;
        this.method = request.method().name();
        this.target = request.uri();
        this.protocol = protocol;
        this.host = request.headers().get(HttpHeaderNames.HOST);
        this.referer = request.headers().get(HttpHeaderNames.REFERER);
        this.userAgent = request.headers().get(HttpHeaderNames.USER_AGENT);
        this.requestId = requestId(request.headers().get(X_REQUEST_ID));
    }

    /**
     * @param connection the TCP connection (for HTTP/2 the parent of the stream channel): client
     *                   address and TLS details are read from it
     * @param protocol   as logged and counted: {@code HTTP/1.1}, {@code HTTP/2.0}
     */
    static RequestRecord start(Channel connection, HttpRequest request, String protocol) {
        return new RequestRecord(connection, request, protocol);
    }

    String requestId() {
        return requestId;
    }

    /** When the request head was complete ({@link System#nanoTime}). */
    long startNanos() {
        return start;
    }

    /** The response was written ({@code bytes} of body) or failed (pass 0). */
    void finish(int status, long bytes, boolean accessLog) {
        finish(status, bytes, accessLog, null, null, -1);
    }

    /**
     * @param user          the user basic authentication let in, or null
     * @param upstream      the upstream that answered a proxied request, or null
     * @param upstreamNanos the proxy's time for it, or -1
     */
    void finish(int status, long bytes, boolean accessLog, String user, String upstream, long upstreamNanos) {
        long nanos = System.nanoTime() - start;
        ConnectionInfo info = ConnectionInfo.of(connection);
        Site served = info.site;
        String site = served == null ? ConfigLoader.DEFAULT_SITE_ID : served.config().id();
        Metrics.global().request(site, method, status, protocol, bytes, nanos);
        if (accessLog) {
            AccessLog.log(new AccessEntry(info.clientIp(connection), host, method, target, protocol, status,
                    bytes, referer, userAgent, info.tlsProtocol, info.tlsCipher, nanos, requestId, site, upstream,
                    upstreamNanos, user != null ? user : info.clientSubject));
        }
    }

    /**
     * A client's or load balancer's id is kept when it is 1-128 characters of {@code [A-Za-z0-9._:+/=-]}
     * (UUIDs, hex, base64 and the usual trace formats), so that it cannot inject anything into logs
     * or headers; otherwise a fresh random 128-bit id in hex.
     */
    static String requestId(String offered) {
        if (offered != null && !offered.isEmpty() && offered.length() <= 128) {
            boolean sane = true;
            for (int i = 0; i < offered.length() && sane; i++) {
                char c = offered.charAt(i);
                sane = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".:_+/=-".indexOf(c) >= 0;
            }
            if (sane) {
                return offered;
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        long a = random.nextLong();
        long b = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
            id[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
        }
        return new String(id);
    }
}
