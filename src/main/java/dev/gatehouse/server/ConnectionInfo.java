package dev.gatehouse.server;

import dev.gatehouse.http.HostHeader;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * What the access log, metrics and shutdown need to know about a connection, filled in by the
 * handlers that learn it: the real client address (PROXY protocol), the site SNI chose, the
 * negotiated TLS protocol and cipher, and how many requests are in flight. Written and read on the
 * connection's event loop only. One object (one channel attribute) for all of it: every attribute
 * and boxed counter is paid by each idle connection (issue 9, W6).
 */
final class ConnectionInfo {

    private static final AttributeKey<ConnectionInfo> KEY = AttributeKey.valueOf("gatehouse.connection");

    /** Set by the PROXY protocol handler; null means the TCP peer is the client. */
    InetSocketAddress proxiedClient;
    String tlsProtocol;
    String tlsCipher;
    /** The client certificate's subject on a mutual-TLS connection (set once, after the handshake). */
    String clientSubject;
    /** The site whose certificate the handshake used (set by {@link SiteSniHandler}); null on plain connections. */
    Site site;
    /** Requests begun and not finished ({@link ConnectionTracker}). */
    int inFlight;
    /** An HTTP/2 connection: shutdown sends GOAWAY instead of closing it. */
    boolean http2;
    /** The last Host value a request on this connection carried, and what it parsed to ({@link HostCheck}). */
    String lastHostValue;
    HostHeader lastHost;
    /** The client address as logged, formatted on first use: it never changes for a connection. */
    private String clientIp;

    /** This connection's, created on first use. */
    static ConnectionInfo of(Channel channel) {
        ConnectionInfo info = channel.attr(KEY).get();
        if (info == null) {
            info = new ConnectionInfo();
            channel.attr(KEY).set(info);
        }
        return info;
    }

    /**
     * The client's IP address as text: the proxied one if a trusted proxy told us, else the peer's.
     * Cached: formatting an address on every request showed up in
     * profiles. The PROXY header (if any) has been read before the first request, so the first use
     * sees the final answer.
     */
    String clientIp(Channel channel) {
        String ip = clientIp;
        if (ip == null) {
            ip = format(this, channel);
            clientIp = ip;
        }
        return ip;
    }

    private static String format(ConnectionInfo info, Channel channel) {
        InetSocketAddress address = info.proxiedClient != null ? info.proxiedClient
                : channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        if (address == null) {
            return "-";
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
