package dev.gatehouse.server;

import dev.gatehouse.logging.ExpectedExceptions;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of an HTTP/2 connection (after the stream multiplexer, so it sees connection-level
 * frames and errors). Guarantees:
 * <ul>
 *   <li>PING and SETTINGS floods: more than {@link #MAX_CONTROL_FRAMES} of them within
 *       {@link #WINDOW_SECONDS} seconds end the connection with GOAWAY(ENHANCE_YOUR_CALM). Netty's
 *       queued-control-frame limit only catches peers that also stop reading; this catches the rest.</li>
 *   <li>Every connection error the codec raised (rapid reset, CONTINUATION flood, oversized header
 *       lists, protocol violations; the codec has already sent GOAWAY) is logged at WARN once per
 *       connection with the peer, never once per frame.</li>
 * </ul>
 */
final class Http2Guard extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.http2");

    static final int MAX_CONTROL_FRAMES = 100;
    static final int WINDOW_SECONDS = 10;

    private long windowStart = System.nanoTime();
    private int controlFrames;
    private boolean reported;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2PingFrame ping && !ping.ack() || msg instanceof Http2SettingsFrame) {
                countControlFrame(ctx);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void countControlFrame(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (now - windowStart > TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
            windowStart = now;
            controlFrames = 0;
        }
        if (++controlFrames > MAX_CONTROL_FRAMES && ctx.channel().isActive()) {
            report(ctx, "PING/SETTINGS flood (more than " + MAX_CONTROL_FRAMES + " in " + WINDOW_SECONDS + " s)");
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception e) {
            // The codec sends GOAWAY and closes; we only say who and why.
            report(ctx, e.error() + ": " + e.getMessage());
        } else if (ExpectedExceptions.isExpected(cause)) {
            LOG.debug("HTTP/2 connection {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            report(ctx, cause.toString());
            LOG.debug("detail", cause);
            ctx.close();
        }
    }

    private void report(ChannelHandlerContext ctx, String reason) {
        report(ctx.channel(), reason);
    }

    /**
     * Also called when the codec itself decided to send GOAWAY for a limit on what we send (too many
     * RST_STREAMs): that path never reaches {@link #exceptionCaught}.
     */
    void report(io.netty.channel.Channel channel, String reason) {
        if (!reported) {
            reported = true;
            LOG.warn("closing HTTP/2 connection from {} with GOAWAY: {}", channel.remoteAddress(), reason);
        }
    }
}
