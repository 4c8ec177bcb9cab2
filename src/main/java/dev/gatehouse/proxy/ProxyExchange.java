package dev.gatehouse.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied request, from the moment the router picked a proxy route until its response has been
 * written. The server's request loop hands it the request head, then every body chunk it decodes
 * ({@link #content}), writability changes and a close; the exchange calls {@link Listener#finished}
 * exactly once, on the inbound event loop, after which it owns nothing.
 *
 * <p>Guarantees: the client always gets an answer or a closed connection (502 when no upstream can be
 * reached or the upstream fails before its response head; 504 when connecting or waiting for the
 * response head outlasts the timeouts; a failure after the head was sent closes the connection, as
 * the status cannot change any more); bodies in both directions are streamed chunk by chunk and
 * auto-read on one side is switched off while the other side's buffer is full, so memory stays
 * bounded whatever the body size; an upstream connection goes back to the pool only after a complete
 * request and a complete keep-alive response.
 */
public final class ProxyExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    /** How the exchange ended, for the access log and the request loop. */
    public record Result(int status, long bytes, boolean keepAlive, Channel upgradedUpstream, String upstream,
            long upstreamNanos) {
    }

    public interface Listener {
        void finished(Result result);
    }

    private enum State { CONNECTING, WAITING, RESPONDING, DONE }

    private final ChannelHandlerContext in;
    private final HttpRequest request;
    private final ProxyTarget target;
    private final boolean clientKeepAlive;
    private final Listener listener;
    private final boolean upgrade;
    private final ArrayDeque<HttpContent> early = new ArrayDeque<>();
    private final Set<Upstream> tried = new HashSet<>();
    private State state = State.CONNECTING;
    private boolean requestComplete;
    private Channel up;
    private Upstream upstream;
    private boolean upstreamKeepAlive;
    private int status;
    private long bytes;
    private final long startNanos = System.nanoTime();
    private ScheduledFuture<?> readTimer;
    private boolean timedOutConnecting;
    /** Whether the current upstream connection came from the pool, and whether a retry is allowed. */
    private boolean reused;
    private final boolean replayable;
    private boolean retried;

    private ProxyExchange(ChannelHandlerContext in, HttpRequest request, ProxyTarget target, boolean clientKeepAlive,
            boolean bodyFollows, Listener listener) {
        this.in = in;
        this.request = request;
        this.target = target;
        this.clientKeepAlive = clientKeepAlive;
        this.listener = listener;
        this.requestComplete = !bodyFollows;
        // Without a body and with an idempotent method, the request can be sent again as it is.
        String m = request.method().name();
        this.replayable = !bodyFollows && (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"));
        this.upgrade = ForwardedHeaders.isWebSocketUpgrade(request.headers());
    }

    /** Starts forwarding; call on the inbound event loop. The request head is copied, not retained. */
    public static ProxyExchange start(ChannelHandlerContext in, HttpRequest request, ProxyTarget target,
            boolean clientKeepAlive, boolean bodyFollows, Listener listener) {
        ProxyExchange e = new ProxyExchange(in, request, target, clientKeepAlive, bodyFollows, listener);
        target.group().startHealthChecks(in.channel().eventLoop(), clientChannelClass(in.channel()));
        // Nothing more is read from the client until an upstream connection can take it.
        in.channel().config().setAutoRead(false);
        e.connect();
        return e;
    }

    /** The client socket type that matches the server's transport (an event loop serves one kind). */
    private static Class<? extends Channel> clientChannelClass(Channel inbound) {
        if (inbound instanceof EpollSocketChannel) {
            return EpollSocketChannel.class;
        }
        return inbound instanceof IoUringSocketChannel ? IoUringSocketChannel.class : NioSocketChannel.class;
    }

    private UpstreamSettings s() {
        return new UpstreamSettings(target.group().settings);
    }

    private void connect() {
        upstream = target.group().pick(tried);
        if (upstream == null) {
            fail(timedOutConnecting ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY, null);
            return;
        }
        tried.add(upstream);
        Channel pooled = retried ? null : upstream.poll(in.channel().eventLoop());
        reused = pooled != null;
        if (pooled != null) {
            attach(pooled);
            return;
        }
        Upstream u = upstream;
        UpstreamGroup group = target.group();
        Bootstrap b = new Bootstrap().group(in.channel().eventLoop())
                .channel(clientChannelClass(in.channel()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, s().connectMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (u.tls) {
                            ch.pipeline().addLast("tls", UpstreamTls.handler(group, u, ch));
                        }
                        ch.pipeline().addLast("codec", new HttpClientCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(8192).setMaxHeaderSize(group.settings.maxHeaderSize())
                                .setMaxChunkSize(16 * 1024), false, false));
                    }
                });
        b.connect(u.host, u.port).addListener((ChannelFutureListener) f -> {
            if (state == State.DONE) {
                f.channel().close();
                return;
            }
            if (!f.isSuccess()) {
                timedOutConnecting |= f.cause() instanceof ConnectTimeoutException;
                LOG.warn("upstream {} unreachable: {}", u.label, f.cause().toString());
                u.markDown(s().retryNanos());
                connect();
                return;
            }
            u.markUp();
            attach(f.channel());
        });
    }

    private void attach(Channel ch) {
        up = ch;
        state = State.WAITING;
        ch.pipeline().addLast("exchange", new UpstreamHandler());
        HttpHeaders headers = ForwardedHeaders.forRequest(request.headers(), target.peer(),
                trusted(), request.headers().get(HttpHeaderNames.HOST), target.group().settings.host());
        if (ForwardedHeaders.isChunked(request.headers())) {
            // Never both framings (RFC 9112 §6.3: the pair is a request-smuggling vector).
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        target.requestHeaders().accept(headers);
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            headers.set(HttpHeaderNames.UPGRADE, request.headers().get(HttpHeaderNames.UPGRADE));
        }
        String uri = upstream.basePath + target.rawPath() + target.query();
        ch.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), uri, headers));
        while (!early.isEmpty()) {
            ch.write(early.poll());
        }
        ch.flush();
        if (requestComplete) {
            armReadTimer();
        }
        if (!requestComplete && ch.isWritable()) {
            in.channel().config().setAutoRead(true);
        }
    }

    private boolean trusted() {
        return target.peer() != null && target.group().settings.trustForwardedFrom().stream()
                .anyMatch(c -> c.contains(target.peer()));
    }

    /** A body chunk from the client; the exchange owns it from here on. */
    public void content(HttpContent chunk) {
        if (chunk instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (state == State.DONE) {
            chunk.release();
            return;
        }
        if (up == null) {
            early.add(chunk);
            return;
        }
        up.writeAndFlush(chunk).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (!up.isWritable()) {
            in.channel().config().setAutoRead(false);
        }
        if (requestComplete) {
            armReadTimer();
        }
    }

    /** The client channel's writability changed: resume reading the upstream when it can take more. */
    public void inboundWritabilityChanged() {
        if (up != null && in.channel().isWritable() && state == State.RESPONDING) {
            up.config().setAutoRead(true);
        }
    }

    /** The client went away: drop everything. */
    public void inboundClosed() {
        if (state != State.DONE) {
            state = State.DONE;
            cleanup(false);
        }
    }

    private void armReadTimer() {
        cancelReadTimer();
        if (up != null && state != State.DONE) {
            readTimer = up.eventLoop().schedule(this::readTimedOut, s().readMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelReadTimer() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }

    private void readTimedOut() {
        readTimer = null;
        if (state == State.WAITING) {
            LOG.warn("upstream {} sent no response within {} ms", upstream.label, s().readMillis());
            fail(HttpResponseStatus.GATEWAY_TIMEOUT, null);
        } else if (state == State.RESPONDING) {
            LOG.warn("upstream {} stalled mid-response; closing the client connection", upstream.label);
            abort();
        }
    }

    /** Answers the client with an error of our own (nothing of the upstream's response was sent yet). */
    private void fail(HttpResponseStatus st, Throwable cause) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        if (cause != null) {
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            LOG.warn("proxying {} {} to {} failed: {}", request.method(), target.rawPath(),
                    upstream == null ? "-" : upstream.label, root.toString());
        }
        cleanup(false);
        status = st.code();
        String text = st.code() + " " + st.reasonPhrase();
        byte[] body = ("<!DOCTYPE html>\n<html><head><title>" + text + "</title></head>\n<body><h1>" + text
                + "</h1></body></html>\n").getBytes(StandardCharsets.UTF_8);
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, st, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        target.responseHeaders().accept(r.headers());
        // The rest of an unread request body would be taken for the next request: close instead.
        boolean keep = clientKeepAlive && requestComplete;
        if (!keep) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        bytes = body.length;
        in.channel().config().setAutoRead(true);
        in.writeAndFlush(r).addListener((ChannelFutureListener) f -> done(keep && f.isSuccess(), null));
    }

    /** Something broke after the response head went out: the only honest signal left is closing. */
    private void abort() {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cleanup(false);
        in.channel().config().setAutoRead(true);
        done(false, null);
    }

    private void cleanup(boolean reuse) {
        cancelReadTimer();
        while (!early.isEmpty()) {
            early.poll().release();
        }
        if (up == null) {
            return;
        }
        Channel ch = up;
        up = null;
        if (ch.pipeline().get("exchange") != null) {
            ch.pipeline().remove("exchange");
        }
        ch.config().setAutoRead(true);
        if (reuse) {
            upstream.release(ch);
        } else {
            ch.close();
        }
    }

    private void done(boolean keepAlive, Channel upgraded) {
        listener.finished(new Result(status, bytes, keepAlive, upgraded, upstream == null ? null : upstream.label,
                System.nanoTime() - startNanos));
    }

    private HttpResponse clientHead(HttpResponse r) {
        HttpHeaders h = ForwardedHeaders.withoutHopByHop(r.headers());
        boolean bodyless = request.method().name().equals("HEAD") || r.status().code() == 204 || r.status().code() == 304;
        if (!bodyless && !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!clientKeepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        target.responseHeaders().accept(h);
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), h);
    }

    /** Sits at the end of the upstream pipeline for the duration of one exchange. */
    private final class UpstreamHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf raw) {
                // Bytes that came with the 101 (the codec hands them over when it is removed, after
                // the client side has been switched to a relay): pass them on unchanged.
                in.channel().writeAndFlush(raw);
                return;
            }
            if (state == State.DONE) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (requestComplete) {
                armReadTimer();
            }
            if (msg instanceof HttpResponse r) {
                if (r.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(msg);
                    fail(HttpResponseStatus.BAD_GATEWAY, r.decoderResult().cause());
                    return;
                }
                int code = r.status().code();
                if (code == 101 && upgrade) {
                    ReferenceCountUtil.release(msg);
                    switchProtocols(r);
                    return;
                }
                if (code >= 100 && code < 200) {
                    ReferenceCountUtil.release(msg);
                    // 100 Continue goes to a client that asked for it; other interim responses are dropped.
                    if (code == 100 && request.headers().containsValue(HttpHeaderNames.EXPECT,
                            HttpHeaderValues.CONTINUE, true)) {
                        in.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                                Unpooled.EMPTY_BUFFER));
                    }
                    return;
                }
                status = code;
                upstreamKeepAlive = HttpUtil.isKeepAlive(r);
                state = State.RESPONDING;
                in.write(clientHead(r));
            }
            if (msg instanceof HttpContent c && state == State.RESPONDING) {
                bytes += c.content().readableBytes();
                boolean last = c instanceof LastHttpContent;
                ChannelFuture f = in.writeAndFlush(c);
                if (last) {
                    finish(f);
                } else if (!in.channel().isWritable()) {
                    ctx.channel().config().setAutoRead(false);
                }
            } else if (!(msg instanceof HttpResponse)) {
                ReferenceCountUtil.release(msg);
            }
        }

        private void finish(ChannelFuture lastWrite) {
            state = State.DONE;
            // An upstream that answered before reading the whole request cannot be reused.
            cleanup(upstreamKeepAlive && requestComplete);
            boolean keep = clientKeepAlive && requestComplete;
            lastWrite.addListener((ChannelFutureListener) f -> done(keep && f.isSuccess(), null));
        }

        private void switchProtocols(HttpResponse r) {
            state = State.DONE;
            cancelReadTimer();
            status = 101;
            Channel upChannel = up;
            up = null;
            in.channel().config().setAutoRead(false);
            upChannel.config().setAutoRead(false);
            HttpHeaders h = ForwardedHeaders.withoutHopByHop(r.headers());
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            h.set(HttpHeaderNames.UPGRADE, r.headers().get(HttpHeaderNames.UPGRADE, "websocket"));
            in.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, r.status(), h))
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            upChannel.close();
                            done(false, null);
                            return;
                        }
                        // Client side first (the server swaps its handlers for a relay), then ours: any
                        // bytes the codec still holds flow through "exchange" to the switched client.
                        done(false, upChannel);
                        upChannel.pipeline().remove("codec");
                        upChannel.pipeline().remove("exchange");
                        upChannel.pipeline().addLast("relay", new Relay(in.channel()));
                        upChannel.config().setAutoRead(true);
                        in.channel().config().setAutoRead(true);
                    });
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable() && state == State.WAITING && !requestComplete) {
                in.channel().config().setAutoRead(true);
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            upstreamGone(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upstreamGone(cause);
        }

        private void upstreamGone(Throwable cause) {
            if (state == State.WAITING && reused && replayable && !retried) {
                // The keep-alive race: the upstream closed its idle connection as we reused it. The
                // request had no body and is idempotent, so send it again on a fresh connection.
                retried = true;
                cancelReadTimer();
                Channel ch = up;
                up = null;
                ch.pipeline().remove("exchange");
                ch.close();
                tried.remove(upstream);
                state = State.CONNECTING;
                connect();
                return;
            }
            if (state == State.WAITING) {
                fail(HttpResponseStatus.BAD_GATEWAY, cause == null ? new java.io.IOException("connection closed") : cause);
            } else if (state == State.RESPONDING) {
                LOG.warn("upstream {} ended mid-response: {}", upstream.label, cause == null ? "closed" : cause.toString());
                abort();
            }
        }
    }

    private record UpstreamSettings(dev.gatehouse.config.RouteConfig.ProxySettings p) {
        long connectMillis() {
            return p.connectTimeout().toMillis();
        }

        long readMillis() {
            return p.readTimeout().toMillis();
        }

        long retryNanos() {
            return p.retryAfter().toNanos();
        }
    }
}
