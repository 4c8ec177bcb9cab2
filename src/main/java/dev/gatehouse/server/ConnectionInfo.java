package dev.gatehouse.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * What the access log and metrics need to know about a connection, filled in by the handlers that
 * learn it: the real client address (PROXY protocol) and the negotiated TLS protocol and cipher.
 * Written and read on the connection's event loop only.
 */
final class ConnectionInfo {

    private static final AttributeKey<ConnectionInfo> KEY = AttributeKey.valueOf("gatehouse.connection");

    /** Set by the PROXY protocol handler; null means the TCP peer is the client. */
    InetSocketAddress proxiedClient;
    String tlsProtocol;
    String tlsCipher;

    static ConnectionInfo of(Channel channel) {
        ConnectionInfo info = channel.attr(KEY).get();
        if (info == null) {
            info = new ConnectionInfo();
            channel.attr(KEY).set(info);
        }
        return info;
    }

    /** The client's IP address as text: the proxied one if a trusted proxy told us, else the peer's. */
    static String clientIp(Channel channel) {
        ConnectionInfo info = channel.attr(KEY).get();
        InetSocketAddress address = info != null && info.proxiedClient != null ? info.proxiedClient
                : channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
        if (address == null) {
            return "-";
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
