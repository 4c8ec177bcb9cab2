package dev.gatehouse.server;

import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.logging.LimitEvents;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Per-connection request limits, between the HTTP codec and the request handler. A request over a
 * limit is not answered here: it is marked as failed (the handler then answers 413, 429 or 431 and
 * closes), so that every refusal goes through one place. Body bytes beyond the limit, a body that
 * stalls longer than {@code timeouts.request-body}, and undecodable chunks end the connection.
 */
final class RequestLimits extends ChannelInboundHandlerAdapter {

    private final LimitsConfig limits;
    private final RateLimiter rateLimiter;
    private final long bodyTimeoutNanos;
    private int requests;
    private long bodyBytes;
    private boolean inBody;
    private MovingDeadline bodyDeadline;

    private final ObsFoldGuard foldGuard;

    RequestLimits(LimitsConfig limits, RateLimiter rateLimiter, Duration bodyTimeout, ObsFoldGuard foldGuard) {
        this.limits = limits;
        this.foldGuard = foldGuard;
        this.rateLimiter = rateLimiter;
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            checkRequest(ctx, request);
            inBody = !(msg instanceof LastHttpContent);
            bodyBytes = 0;
            if (inBody) {
                armBodyTimer(ctx);
            } else {
                foldGuard.messageEnded();
            }
        }
        if (msg instanceof HttpContent content && !(msg instanceof HttpRequest)) {
            if (content.decoderResult().isFailure()) {
                LimitEvents.hit(LimitEvents.Kind.MALFORMED_REQUEST, ctx.channel().remoteAddress());
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            bodyBytes += content.content().readableBytes();
            if (bodyBytes > limits.maxRequestBody()) {
                LimitEvents.hit(LimitEvents.Kind.MAX_REQUEST_BODY, ctx.channel().remoteAddress());
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (msg instanceof LastHttpContent) {
                inBody = false;
                cancelBodyTimer();
                foldGuard.messageEnded();
            } else {
                armBodyTimer(ctx);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void checkRequest(ChannelHandlerContext ctx, HttpRequest request) {
        requests++;
        DecoderResult decoded = request.decoderResult();
        Object peer = ctx.channel().remoteAddress();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            LimitEvents.hit(cause instanceof TooLongHttpLineException ? LimitEvents.Kind.MAX_INITIAL_LINE
                    : cause instanceof TooLongHttpHeaderException ? LimitEvents.Kind.MAX_HEADER_SIZE
                    : LimitEvents.Kind.MALFORMED_REQUEST, peer);
            return;
        }
        Refusal refusal = check(limits, rateLimiter, ctx.channel(), request);
        if (refusal != null) {
            // Marked as undecodable, so that the request handler answers it and closes, like any
            // other request it could not accept.
            request.setDecoderResult(DecoderResult.failure(switch (refusal.status().code()) {
                case 431 -> new TooLongHttpHeaderException("more than " + limits.maxHeaders() + " header fields");
                case 413 -> new TooLongFrameException("request body too large");
                default -> new RateLimitedException(refusal.retryAfterSeconds());
            }));
            return;
        }
        if (requests >= limits.maxRequestsPerConnection()) {
            // Like nginx keepalive_requests: this one is answered, then the connection closes.
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** A body chunk is due within {@code timeouts.request-body} (one moving deadline per connection). */
    private void armBodyTimer(ChannelHandlerContext ctx) {
        if (bodyDeadline == null) {
            bodyDeadline = new MovingDeadline(ctx, bodyTimeoutNanos, () -> {
                LimitEvents.hit(LimitEvents.Kind.REQUEST_BODY_TIMEOUT, ctx.channel().remoteAddress());
                ctx.close();
            });
        }
        bodyDeadline.arm(bodyTimeoutNanos);
    }

    /** The body is complete: the pending check (if any) will find nothing to do. */
    private void cancelBodyTimer() {
        inBody = false;
        if (bodyDeadline != null) {
            bodyDeadline.disarm();
        }
    }

    private void stopBodyTimer() {
        inBody = false;
        if (bodyDeadline != null) {
            bodyDeadline.stop();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopBodyTimer(); // e.g. a WebSocket upgrade replaced the HTTP handlers
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopBodyTimer();
        super.channelInactive(ctx);
    }

    /** A request over a per-request limit: the status to answer, and Retry-After for 429. */
    record Refusal(io.netty.handler.codec.http.HttpResponseStatus status, long retryAfterSeconds) {
    }

    /**
     * The per-request limits (header count, declared body size, rate), shared by HTTP/1.1 and HTTP/2;
     * records the hit. Null when the request is within them.
     */
    static Refusal check(LimitsConfig limits, RateLimiter rateLimiter, io.netty.channel.Channel connection,
            HttpRequest request) {
        Object peer = connection.remoteAddress();
        if (request.headers().size() > limits.maxHeaders()) {
            LimitEvents.hit(LimitEvents.Kind.MAX_HEADERS, peer);
            return new Refusal(io.netty.handler.codec.http.HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, 0);
        }
        if (HttpUtil.getContentLength(request, 0L) > limits.maxRequestBody()) {
            LimitEvents.hit(LimitEvents.Kind.MAX_REQUEST_BODY, peer);
            return new Refusal(io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, 0);
        }
        long wait = rateLimiter.acquire(peer instanceof InetSocketAddress a ? a.getAddress() : null);
        if (wait > 0) {
            LimitEvents.hit(LimitEvents.Kind.RATE, peer);
            return new Refusal(io.netty.handler.codec.http.HttpResponseStatus.TOO_MANY_REQUESTS, wait);
        }
        return null;
    }

    /**
     * The same limits for a request on an HTTP/2 stream, where a refusal ends the stream, not the
     * connection: the reply to send (431, 413 or 429 with Retry-After), or null.
     */
    static dev.gatehouse.http.Reply refusal(LimitsConfig limits, RateLimiter rateLimiter, io.netty.channel.Channel connection,
            HttpRequest request) {
        Refusal refusal = check(limits, rateLimiter, connection, request);
        if (refusal == null) {
            return null;
        }
        dev.gatehouse.http.Reply reply = dev.gatehouse.http.Reply.error(refusal.status());
        if (refusal.retryAfterSeconds() > 0) {
            reply.header(HttpHeaderNames.RETRY_AFTER, refusal.retryAfterSeconds());
        }
        return reply;
    }
}
