package dev.gatehouse.server;

import dev.gatehouse.http.HostHeader;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * RFC 9112 §3.2: an HTTP/1.1 request carries exactly one valid Host; HTTP/1.0 may omit it. Returns
 * the parsed host, {@link #ABSENT} for an allowed omission, or null when the request must get 400.
 */
final class HostCheck {

    static final HostHeader ABSENT = new HostHeader("", -1);

    private HostCheck() {
    }

    static HostHeader check(HttpRequest request) {
        return check(request, null);
    }

    /**
     * As {@link #check(HttpRequest)}, reusing the connection's last parsed Host when the value is the
     * same: every request of a keep-alive or HTTP/2 connection normally carries the same one, and
     * parsing it each time was 2 % of a small HTTP/2 request (W2 profile, issue 9).
     *
     * @param connection the connection's info, or null not to cache
     */
    static HostHeader check(HttpRequest request, ConnectionInfo connection) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.isEmpty()) {
            return request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? ABSENT : null;
        }
        if (hosts.size() > 1) {
            return null;
        }
        String raw = hosts.get(0);
        if (connection != null && raw.equals(connection.lastHostValue)) {
            return connection.lastHost;
        }
        HostHeader host = HostHeader.parse(raw.trim());
        if (connection != null && host != null) {
            connection.lastHostValue = raw;
            connection.lastHost = host;
        }
        return host;
    }
}
