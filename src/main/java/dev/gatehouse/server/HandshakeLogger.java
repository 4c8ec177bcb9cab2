package dev.gatehouse.server;

import dev.gatehouse.logging.ExpectedExceptions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WARN line per failed handshake with the peer and the reason, the stack trace at DEBUG only;
 * peers that just reset or close are not errors. Removes itself once the handshake succeeded.
 */
final class HandshakeLogger extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.tls");

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent event) {
            if (event.isSuccess()) {
                ctx.pipeline().remove(this);
            } else {
                report(ctx, event.cause());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Handshake failures also surface here; the completion event has logged them already.
        if (!(cause instanceof io.netty.handler.codec.DecoderException)) {
            ctx.fireExceptionCaught(cause);
        } else {
            ctx.close();
        }
    }

    private static void report(ChannelHandlerContext ctx, Throwable cause) {
        if (ExpectedExceptions.isExpected(cause)) {
            LOG.debug("TLS handshake with {} ended by the peer", ctx.channel().remoteAddress(), cause);
            return;
        }
        String reason;
        if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
            reason = "not a TLS connection (plain HTTP sent to the HTTPS port?)";
        } else if (cause instanceof SslHandshakeTimeoutException) {
            reason = "timed out (timeouts.handshake)";
        } else {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            reason = String.valueOf(root.getMessage());
        }
        LOG.warn("TLS handshake failed from {}: {}", ctx.channel().remoteAddress(), reason);
        LOG.debug("TLS handshake failure detail for {}", ctx.channel().remoteAddress(), cause);
    }
}
