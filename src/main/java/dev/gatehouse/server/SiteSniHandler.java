package dev.gatehouse.server;

import dev.gatehouse.metrics.Metrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contract: reads the ClientHello's SNI name, picks the site from the state current at that moment
 * (so a reload applies to the next handshake, never to an established connection), records the
 * chosen {@link Site} in the connection's {@link ConnectionInfo} and replaces itself, under its own pipeline name,
 * with an {@link SslHandler} for that site's context. No or unknown name: the default site, or, with
 * {@code tls.reject-unknown-sni=true}, a fatal {@code unrecognized_name} alert and close (as nginx's
 * {@code ssl_reject_handshake}).
 */
final class SiteSniHandler extends SniHandler {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.tls");

    /** TLS alert record: type 21, legacy version 3.3, length 2, fatal (2), unrecognized_name (112). */
    private static final byte[] UNRECOGNIZED_NAME_ALERT = {21, 3, 3, 0, 2, 2, 112};

    private final Supplier<ServerState> state;
    private final long handshakeTimeoutMillis;

    SiteSniHandler(Supplier<ServerState> state, long handshakeTimeoutMillis) {
        // The mapping is never consulted: lookup() below decides, with access to the channel.
        super((io.netty.util.Mapping<String, SslContext>) name -> null, handshakeTimeoutMillis);
        this.state = state;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) {
        ServerState current = state.get();
        Site site = current.siteNamed(hostname);
        if (site == null) {
            if (current.config().rejectUnknownSni()) {
                LOG.warn("TLS handshake refused from {}: {} (tls.reject-unknown-sni)", ctx.channel().remoteAddress(),
                        hostname == null ? "no server name (SNI)" : "unknown server name " + hostname);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME_ALERT));
                // No SslHandler ever existed, so TlsSessionRecorder sees no handshake event: count it here.
                Metrics.global().handshake(null, null, "unknown_sni");
                return ctx.executor().newFailedFuture(new UnknownServerNameException(hostname));
            }
            site = current.defaultSite();
        }
        ConnectionInfo.of(ctx.channel()).site = site;
        return ctx.executor().newSucceededFuture(site.tls().context());
    }

    /** Same as Netty's, but keeps this handler's pipeline name ("tls") for the handlers added after it. */
    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) {
        SslHandler sslHandler = newSslHandler(sslContext, ctx.alloc());
        try {
            ctx.pipeline().replace(this, ctx.name(), sslHandler);
            sslHandler = null;
        } finally {
            if (sslHandler != null) {
                ReferenceCountUtil.safeRelease(sslHandler.engine());
            }
        }
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        SslHandler handler = context.newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** The handshake was refused on purpose; the alert has been sent already. */
    static final class UnknownServerNameException extends javax.net.ssl.SSLException {
        UnknownServerNameException(String hostname) {
            super("unknown server name " + hostname);
        }
    }
}
