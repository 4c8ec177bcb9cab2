package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/2 stream, seen through {@code Http2StreamFrameToHttpObjectCodec} as an HTTP/1.1-shaped
 * request: it goes through the same {@link Exchange} and {@link RequestHandler.Dispatcher} as HTTP/1.1,
 * and the reply through the same {@link ResponseWriter} (chunked, never zero-copy: TLS and framing).
 * The access log says {@code HTTP/2.0}. Request bodies are dropped (no handler uses them yet).
 *
 * <p>A stream whose response makes no progress for {@code timeouts.idle} (a peer that keeps its flow
 * control window at zero) is reset, so a stalled reader cannot pin a file and a stream slot forever.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {

    static final String PROTOCOL = "HTTP/2.0";

    private final Http2Connection connection;
    private Exchange exchange;

    Http2StreamHandler(Http2Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && exchange == null) {
                handle(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, HttpRequest request) {
        connection.streamStarted();
        exchange = Exchange.begin(connection.tracker(), ctx.channel().parent(), connection.accessLog(), request,
                PROTOCOL);
        Reply refused = connection.refusal(ctx.channel().parent(), request);
        if (refused != null) {
            exchange.answered(refused);
            ResponseWriter.write(ctx, false, refused, true, false)
                    .addListener((ChannelFutureListener) f -> finish(ctx, f.isSuccess(), null));
            return;
        }
        Dispatch dispatch = exchange.route(connection.dispatcher(), ctx, request);
        if (dispatch.proxy() != null) {
            // The proxy speaks HTTP/1.1 on both sides for now. RFC 9113 §8.7: HTTP_1_1_REQUIRED makes
            // browsers repeat the request over HTTP/1.1, where the proxy route works.
            exchange.answered(Reply.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED));
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.HTTP_1_1_REQUIRED));
            finish(ctx, false, null);
            return;
        }
        String user = dispatch.user();
        ResponseWriter.write(ctx, false, dispatch.reply(), true, false)
                .addListener((ChannelFutureListener) f -> {
                    finish(ctx, f.isSuccess(), user);
                    if (!f.isSuccess()) {
                        ctx.channel().close();
                    }
                });
    }

    private void finish(ChannelHandlerContext ctx, boolean sent, String user) {
        if (exchange == null) {
            return;
        }
        boolean drainNow = exchange.end(sent, user);
        exchange = null;
        connection.streamFinished();
        if (drainNow) {
            // Draining, GOAWAY already sent (ConnectionTracker.drain) and this was our last stream.
            Http2Connection.closeWhenIdle(ctx.channel().parent());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && exchange != null) {
            ctx.channel().close(); // RST_STREAM(CANCEL); the write listener then ends the exchange
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Reset by the peer before the response finished.
        finish(ctx, false, null);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http2Connection.logStreamError(ctx, cause);
        ctx.close();
    }
}
