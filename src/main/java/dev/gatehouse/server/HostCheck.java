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
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.isEmpty()) {
            return request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? ABSENT : null;
        }
        if (hosts.size() > 1) {
            return null;
        }
        return HostHeader.parse(hosts.get(0).trim());
    }
}
