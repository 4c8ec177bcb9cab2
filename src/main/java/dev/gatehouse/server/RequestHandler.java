package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import dev.gatehouse.logging.ExpectedExceptions;
import dev.gatehouse.logging.LimitEvents;
import dev.gatehouse.proxy.ProxyExchange;
import dev.gatehouse.proxy.ProxyTarget;
import dev.gatehouse.proxy.Relay;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection HTTP/1.1 request loop: decodes nothing itself (the codec does), but answers
 * malformed requests (400 / 414 / 431, then closes), hands well-formed ones to a {@link Dispatcher},
 * writes the reply in request order (pipelining), keeps the connection alive when both sides want it,
 * and writes the access log line once the response is on the wire. What HTTP/1.1 and HTTP/2 share
 * (dispatch, in-flight tracking, access log) lives in {@link Exchange}.
 *
 * <p>Request bodies are dropped for requests answered with a {@link Reply} (such a request that came
 * with a body is answered with {@code Connection: close} unless it was served successfully). A request
 * the dispatcher hands to the proxy ({@link Dispatch#proxy}) is different: its body chunks go to the
 * {@link ProxyExchange}, which answers asynchronously; requests pipelined behind it wait (auto-read off)
 * until it has finished, so responses stay in request order. A WebSocket upgrade ends the HTTP loop:
 * the codecs and this handler leave the pipeline and a byte relay takes their place.
 */
final class RequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    /** Decides the reply for one well-formed request. */
    interface Dispatcher {
        Reply dispatch(HttpRequest request, ChannelHandlerContext ctx);

        /** Dispatchers that can hand requests to the proxy override this. */
        default Dispatch route(HttpRequest request, ChannelHandlerContext ctx) {
            return Dispatch.of(dispatch(request, ctx));
        }
    }

    private final Dispatcher dispatcher;
    private final ConnectionTracker tracker;
    private final RequestTimeouts timeouts;
    private final boolean zeroCopy;
    private final boolean accessLog;
    private int pending;
    private boolean closing;
    /** The proxied exchange in progress, if any, and whether its request body is still arriving. */
    private ProxyExchange exchange;
    private boolean exchangeBody;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext wire;
    /**
     * Set once this connection has carried a proxied exchange: its writes are not tracked here, so
     * later responses always go the general way, behind anything the proxy may still have queued.
     */
    private boolean proxied;

    RequestHandler(Dispatcher dispatcher, ConnectionTracker tracker, RequestTimeouts timeouts, boolean zeroCopy,
            boolean accessLog) {
        this.dispatcher = dispatcher;
        this.tracker = tracker;
        this.timeouts = timeouts;
        this.zeroCopy = zeroCopy;
        this.accessLog = accessLog;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange != null) {
            if (exchangeBody && msg instanceof HttpContent chunk) {
                exchangeBody = !(chunk instanceof LastHttpContent);
                exchange.content(chunk); // ownership passes to the exchange
            } else {
                // Pipelined behind a proxied request: it waits its turn.
                waiting.add(msg);
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest request) {
                handle(ctx, request, !(msg instanceof LastHttpContent));
            }
            // Body chunks (HttpContent) are dropped: released in finally.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, HttpRequest request, boolean bodyFollows) {
        timeouts.headReceived();
        pending++;
        Exchange ex = Exchange.begin(tracker, ctx.channel(), accessLog, request, request.protocolVersion().text());
        Reply reply;
        String user = null;
        boolean keepAlive;
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            reply = ex.answered(Reply.error(statusFor(decoded.cause())));
            if (decoded.cause() instanceof RateLimitedException limited) {
                reply.header(HttpHeaderNames.RETRY_AFTER, limited.retryAfterSeconds());
            }
            keepAlive = false;
            LOG.debug("bad request from {}: {}", ctx.channel().remoteAddress(), decoded.cause().getMessage());
        } else if (request.protocolVersion().majorVersion() != 1) {
            // "HTTP/2.0" in an HTTP/1 request line is not HTTP/2 (that arrives via ALPN or the preface).
            reply = ex.answered(Reply.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED));
            keepAlive = false;
        } else {
            Dispatch dispatch = ex.route(dispatcher, ctx, request);
            if (dispatch.proxy() != null) {
                startProxy(ctx, request, ex, dispatch.proxy(), dispatch.user(), bodyFollows);
                return;
            }
            reply = dispatch.reply();
            user = dispatch.user();
            boolean hasBody = bodyFollows && (HttpUtil.isTransferEncodingChunked(request)
                    || HttpUtil.getContentLength(request, 0L) > 0);
            keepAlive = HttpUtil.isKeepAlive(request) && !tracker.draining()
                    && !(hasBody && reply.status().code() >= 400) && !endsConnection(reply.status());
        }
        if (!keepAlive) {
            closing = true;
        }
        // Netty's placeholder for an undecodable request says HTTP/1.0; only trust a decoded one.
        boolean http10 = decoded.isSuccess() && request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        String loggedUser = user;
        boolean head = decoded.isSuccess() && request.method().equals(io.netty.handler.codec.http.HttpMethod.HEAD);
        ResponseWriter.write(ctx, pending == 1 && !proxied ? wire(ctx) : null, http10, head, reply, keepAlive,
                zeroCopy).addListener((ChannelFutureListener) f -> {
            boolean drainNow = ex.end(f.isSuccess(), loggedUser);
            if (--pending == 0) {
                timeouts.responseDone();
            }
            // Not when the connection is gone already (a failed write usually means that): closing
            // it again would take the TLS handler's close path for a closed connection, a branch
            // that the compiled close path has then never seen (docs/performance.md, "Session 16").
            if ((!f.isSuccess() || !keepAlive || drainNow) && ctx.channel().isActive()) {
                ctx.channel().close();
            }
        });
    }

    /**
     * The response encoder's context, below which a complete response may be written directly when
     * no earlier response is still queued in the chunked writer (see {@link ResponseWriter}); null if
     * this pipeline has no such encoder.
     */
    private ChannelHandlerContext wire(ChannelHandlerContext ctx) {
        ChannelHandlerContext w = wire;
        if (w == null || w.isRemoved()) {
            w = ctx.pipeline().context(HttpsChannelInitializer.HttpCodecs.ENCODER);
            wire = w;
        }
        return w;
    }

    private void startProxy(ChannelHandlerContext ctx, HttpRequest request, Exchange ex, ProxyTarget target,
            String user,
            boolean bodyFollows) {
        boolean keepAlive = HttpUtil.isKeepAlive(request) && !tracker.draining();
        if (!keepAlive) {
            closing = true;
        }
        // Upstreams see the same request id as the client and the access log.
        String requestId = ex.requestId();
        request.headers().set(RequestRecord.X_REQUEST_ID, requestId);
        ProxyTarget withId = new ProxyTarget(target.group(), target.rawPath(), target.query(), target.peer(),
                target.requestHeaders(),
                target.responseHeaders().andThen(h -> h.set(RequestRecord.X_REQUEST_ID, requestId)));
        exchangeBody = bodyFollows;
        proxied = true;
        exchange = ProxyExchange.start(ctx, request, withId, keepAlive, bodyFollows, result -> {
            exchange = null;
            exchangeBody = false;
            boolean drainNow = ex.endProxied(result.status(), result.bytes(), user, result.upstream(),
                    result.upstreamNanos());
            if (result.upgradedUpstream() != null) {
                switchToRelay(ctx, result.upgradedUpstream());
                return;
            }
            if (--pending == 0) {
                timeouts.responseDone();
            }
            if (!result.keepAlive() || drainNow) {
                closing = true;
                ctx.channel().close();
                return;
            }
            // Replay what arrived meanwhile: whole requests while none is proxied, and the body chunks of
            // one that a replayed request has just handed to a new exchange.
            while (!waiting.isEmpty() && ctx.channel().isActive()
                    && (exchange == null || exchangeBody && waiting.peek() instanceof HttpContent)) {
                channelRead(ctx, waiting.poll());
            }
            if (exchange == null) {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    /** After a 101 from the upstream: this connection carries the upstream's protocol from now on. */
    private void switchToRelay(ChannelHandlerContext ctx, Channel upstream) {
        ChannelPipeline p = ctx.pipeline();
        p.addLast("relay", new Relay(upstream));
        for (String name : new String[] {"timeouts", "obs-fold", "http", "http-encoder", "limits", "chunked"}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
        p.remove(this);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null) {
            exchange.inboundWritabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null) {
            exchange.inboundClosed();
            exchange = null;
        }
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.poll());
        }
        super.channelInactive(ctx);
    }

    /**
     * A request we could not make sense of (400, 501) may be the first half of a smuggling attempt:
     * whatever follows it on the connection is not trusted to be a request boundary.
     */
    static boolean endsConnection(HttpResponseStatus status) {
        int code = status.code();
        return code == 400 || code == 413 || code == 414 || code == 431 || code == 501 || code == 505;
    }

    static HttpResponseStatus statusFor(Throwable cause) {
        if (cause instanceof RateLimitedException) {
            return HttpResponseStatus.TOO_MANY_REQUESTS;
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (cause instanceof TooLongFrameException) {
            return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connectionFailed(ctx, cause);
    }

    /**
     * An error that ends the connection: a write timeout is counted, an expected one (a reset, a
     * broken pipe) logged at DEBUG, anything else at WARN; then the connection closes. Also used
     * before the first request, while {@link InstallOnFirstRead} stands in for this handler.
     */
    static void connectionFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.timeout.WriteTimeoutException) {
            LimitEvents.hit(LimitEvents.Kind.WRITE_TIMEOUT, ctx.channel().remoteAddress());
        } else if (ExpectedExceptions.isExpected(cause)) {
            LOG.debug("connection {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("closing connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            LOG.debug("detail", cause);
        }
        ctx.close();
    }

}
