package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Port unification on the HTTPS port ({@code listener.https.unified}): looks at the first five bytes
 * of a connection. A TLS record header (a ClientHello) gets the TLS pipeline; anything else is taken
 * for plain HTTP and gets the redirecting pipeline, so {@code http://host:443/x} meets a 308 to
 * {@code https://host:443/x} instead of TLS alert bytes. The detector then removes itself and the
 * bytes it held go on to the pipeline it built.
 */
final class TlsDetector extends ByteToMessageDecoder {

    /** TLS record header: type, version (2), length (2). */
    private static final int NEEDED = 5;

    interface Pipelines {
        void tls(ChannelHandlerContext ctx);

        void plain(ChannelHandlerContext ctx);
    }

    private final Pipelines pipelines;

    TlsDetector(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < NEEDED) {
            return;
        }
        if (SslHandler.isEncrypted(in, false)) {
            pipelines.tls(ctx);
        } else {
            pipelines.plain(ctx);
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!PeerGone.closeIfGone(ctx, cause)) {
            super.exceptionCaught(ctx, cause);
        }
    }
}
