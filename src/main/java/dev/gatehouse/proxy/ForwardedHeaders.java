package dev.gatehouse.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Header rules for forwarding (RFC 9110 §7.6.1, RFC 7239). Pure: no I/O.
 *
 * <p>Hop-by-hop headers (and every header the Connection header names) never cross the proxy. The
 * forwarding headers describe the client as this server saw it; ones the client sent are dropped,
 * unless the peer is a trusted proxy, in which case its chain is kept and extended.
 */
public final class ForwardedHeaders {

    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private ForwardedHeaders() {
    }

    /** A copy of {@code in} without hop-by-hop headers. */
    public static HttpHeaders withoutHopByHop(HttpHeaders in) {
        HttpHeaders out = new DefaultHttpHeaders();
        out.set(in);
        for (String value : in.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    out.remove(t);
                }
            }
        }
        for (String h : HOP_BY_HOP) {
            out.remove(h);
        }
        return out;
    }

    /** Whether the request asks to switch to WebSocket (RFC 6455 §4.1). */
    public static boolean isWebSocketUpgrade(HttpHeaders h) {
        return h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && h.contains(HttpHeaderNames.UPGRADE) && h.get(HttpHeaderNames.UPGRADE).trim().equalsIgnoreCase("websocket");
    }

    /**
     * The headers to send upstream.
     *
     * @param clientHost the Host the client sent (may be null for HTTP/1.0 without Host)
     * @param upstreamHost the Host to send: {@code proxy.host}, else the client's
     */
    public static HttpHeaders forRequest(HttpHeaders in, InetAddress peer, boolean trusted, String clientHost,
            String upstreamHost) {
        HttpHeaders out = withoutHopByHop(in);
        String ip = peer == null ? "unknown" : peer.getHostAddress();
        String priorFor = trusted ? String.join(", ", in.getAll("x-forwarded-for")) : "";
        String proto = trusted && in.contains("x-forwarded-proto") ? in.get("x-forwarded-proto") : "https";
        String fwdHost = trusted && in.contains("x-forwarded-host") ? in.get("x-forwarded-host") : clientHost;
        String priorForwarded = trusted ? String.join(", ", in.getAll("forwarded")) : "";
        out.remove("x-forwarded-for").remove("x-forwarded-proto").remove("x-forwarded-host").remove("forwarded");
        out.set("x-forwarded-for", priorFor.isBlank() ? ip : priorFor + ", " + ip);
        out.set("x-forwarded-proto", proto);
        if (fwdHost != null) {
            out.set("x-forwarded-host", fwdHost);
        }
        String node = peer instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
        String element = "for=" + node + ";proto=https" + (clientHost == null ? "" : ";host=" + quote(clientHost));
        out.set("forwarded", priorForwarded.isBlank() ? element : priorForwarded + ", " + element);
        if (upstreamHost != null) {
            out.set(HttpHeaderNames.HOST, upstreamHost);
        }
        return out;
    }

    private static String quote(String value) {
        if (value.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static boolean isChunked(HttpHeaders h) {
        return h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
