package dev.gatehouse.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 2817 on the plain port ({@code listener.http.mode=upgrade} or {@code upgrade+redirect}). A
 * request carrying {@code Upgrade: TLS/1.0} and {@code Connection: Upgrade} (and no body) is answered
 * {@code 101 Switching Protocols}; then every HTTP handler leaves the pipeline, TLS takes over the same
 * connection, and the original request is answered over TLS once the handshake is done (§3.3).
 * Every other message passes on to the {@link RequestHandler} (426 or 308, depending on the mode).
 *
 * <p>Reads are paused from the 101 until TLS is in place, so that a fast ClientHello never reaches
 * the HTTP decoder.
 */
final class TlsUpgradeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsUpgradeHandler.class);


    private final BiConsumer<Channel, HttpRequest> startTls;
    private HttpRequest upgrading;

    TlsUpgradeHandler(BiConsumer<Channel, HttpRequest> startTls) {
        this.startTls = startTls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgrading != null) {
            // The (empty) end of the upgrade request; nothing else can come before the handshake.
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                switchProtocols(ctx);
            }
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess() && asksForTls(request)) {
            upgrading = replayable(request);
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                switchProtocols(ctx);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** RFC 2817 §3.1/§3.2: "TLS/1.0" among the Upgrade tokens, "Upgrade" among the Connection options. */
    static boolean asksForTls(HttpRequest request) {
        HttpHeaders h = request.headers();
        if (!h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return false;
        }
        // A request body would have to be read before the switch; no client sends one with this.
        if (HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0) {
            return false;
        }
        for (String value : h.getAll(HttpHeaderNames.UPGRADE)) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (t.equalsIgnoreCase("TLS/1.0") || t.regionMatches(true, 0, "TLS/1.", 0, 6)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The request as it will be answered after the handshake: without the hop-by-hop upgrade headers. */
    private static HttpRequest replayable(HttpRequest request) {
        DefaultHttpRequest copy = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri());
        copy.headers().set(request.headers());
        copy.headers().remove(HttpHeaderNames.UPGRADE);
        copy.headers().remove(HttpHeaderNames.CONNECTION);
        // Keep the other connection options ("close"), drop "Upgrade": it has been done.
        for (String value : request.headers().getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty() && !t.equalsIgnoreCase("upgrade")) {
                    copy.headers().add(HttpHeaderNames.CONNECTION, t);
                }
            }
        }
        return copy;
    }

    private void switchProtocols(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        ch.config().setAutoRead(false);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        response.headers().set(HttpHeaderNames.UPGRADE, "TLS/1.0, HTTP/1.1");
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        HttpRequest request = upgrading;
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                ch.close();
                return;
            }
            // Out of the decoder's read loop before touching the pipeline.
            ch.eventLoop().execute(() -> {
                for (String name : PlainChannelInitializer.HTTP1_HANDLERS) {
                    if (ch.pipeline().get(name) != null) {
                        ch.pipeline().remove(name);
                    }
                }
                ch.pipeline().remove(TlsUpgradeHandler.this);
                LOG.debug("{} upgraded to TLS (RFC 2817)", ch.remoteAddress());
                startTls.accept(ch, request);
                ch.config().setAutoRead(true);
                ch.read();
            });
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        upgrading = null;
        super.channelInactive(ctx);
    }

}
