package dev.gatehouse.server;

import dev.gatehouse.config.ProtocolsConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * Waits for the TLS handshake, then builds the rest of the pipeline for the protocol ALPN settled on
 * (a client without ALPN gets HTTP/1.1). A protocol we did not offer cannot be negotiated, so any
 * other value is a bug and fails loudly. Handshake failures are {@link HandshakeLogger}'s to report.
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {

    interface Pipelines {
        void http1(ChannelHandlerContext ctx);

        void http2(ChannelHandlerContext ctx);
    }

    private final Pipelines pipelines;

    AlpnSwitch(Pipelines pipelines) {
        super(ProtocolsConfig.HTTP_1_1);
        this.pipelines = pipelines;
    }

    /**
     * The launcher names this method (scripts/gatehouse, {@code -XX:CompileCommand=dontinline}): keep
     * its name, or change the launcher with it.
     */
    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        switch (protocol) {
            case ProtocolsConfig.H2 -> pipelines.http2(ctx);
            case ProtocolsConfig.HTTP_1_1 -> pipelines.http1(ctx);
            default -> throw new IllegalStateException("unknown ALPN protocol negotiated: " + protocol);
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /**
     * A peer that resets or drops the connection before the handshake is done (load generators and
     * crawlers do it all the time) is not an error worth a WARN and a stack trace: Netty's handler
     * would log one and pass the exception to the pipeline's tail, which logs another.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!PeerGone.closeIfGone(ctx, cause)) {
            super.exceptionCaught(ctx, cause);
        }
    }
}
