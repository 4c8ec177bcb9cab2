package dev.gatehouse.server;

import dev.gatehouse.logging.ExpectedExceptions;
import io.netty.channel.ChannelHandlerContext;

/**
 * For the handlers at the front of a connection that is still being set up (port detection, TLS
 * handshake, ALPN): a peer that resets or drops the connection then is routine (load generators,
 * scanners, impatient browsers), so it ends the way it does once requests flow
 * ({@link RequestHandler#connectionFailed}: DEBUG, close) instead of reaching Netty's pipeline tail,
 * which logs every exception at WARN with a stack trace.
 */
final class PeerGone {

    private PeerGone() {
    }

    /** Closes the connection and returns true when {@code cause} only says the peer went away. */
    static boolean closeIfGone(ChannelHandlerContext ctx, Throwable cause) {
        if (!ExpectedExceptions.isExpected(cause)) {
            return false;
        }
        RequestHandler.connectionFailed(ctx, cause);
        return true;
    }
}
