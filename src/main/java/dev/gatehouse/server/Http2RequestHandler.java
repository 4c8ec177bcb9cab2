package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The requests of one HTTP/2 connection, behind Netty's {@link Http2FrameCodec}: one handler for all
 * streams, with the state of each open stream in a small {@link Http2Response} (no channel, pipeline
 * or timer per stream). Each request HEADERS frame becomes the same HTTP/1.1-shaped request
 * {@code Http2StreamFrameToHttpObjectCodec} would make ({@code :authority} as Host), and goes through
 * the same {@link Exchange}, limits and {@link RequestHandler.Dispatcher} as HTTP/1.1; the access log
 * says {@code HTTP/2.0}. Request bodies are dropped (no handler uses them yet) and their flow-control
 * credit returned at once, so an upload never stalls the connection; trailers are ignored.
 *
 * <p>A response that makes no progress for {@code timeouts.idle} (a peer that keeps its window at
 * zero) is reset with RST_STREAM(CANCEL), so a stalled reader cannot pin a file and a stream slot
 * forever. One check per connection does this, scheduled only while some response is open.
 *
 * <p>Connection-level frames (PING, SETTINGS, GOAWAY) and connection errors go on to {@link Http2Guard}.
 */
final class Http2RequestHandler extends ChannelInboundHandlerAdapter {

    static final String PROTOCOL = "HTTP/2.0";

    private final Http2Connection connection;
    private final Http2FrameCodec codec;
    private final long idleNanos;
    private final IntObjectHashMap<Http2Response> streams = new IntObjectHashMap<>();
    private final List<Http2Response> streaming = new ArrayList<>();
    private final List<Http2Response> scratch = new ArrayList<>();
    private final Runnable pumpTask = this::pumpAll;
    private final Runnable stallCheck = this::checkStalls;
    private ChannelHandlerContext ctx;
    /** The frame codec's context and its direct encoder, for responses written whole. */
    private ChannelHandlerContext codecCtx;
    private DirectResponseEncoder direct;
    private boolean pumpScheduled;
    private ScheduledFuture<?> stallTimer;

    Http2RequestHandler(Http2Connection connection, Http2FrameCodec codec, long idleNanos) {
        this.connection = connection;
        this.codec = codec;
        this.idleNanos = idleNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        codecCtx = ctx.pipeline().context(codec);
        direct = codec.encoder() instanceof DirectResponseEncoder d ? d : null;
    }

    /**
     * Writes a small response's HEADERS and DATA as one buffer with one promise
     * ({@link DirectResponseEncoder#writeResponse}); false, with nothing written, when the frames must
     * go through the codec one by one.
     */
    boolean writeResponse(Http2Stream stream, Http2Headers headers, ByteBuf body, ChannelPromise promise) {
        return direct != null && codecCtx != null && direct.writeResponse(codecCtx, stream, headers, body, promise);
    }

    Http2RemoteFlowController flowController() {
        return codec.connection().remote().flowController();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Http2StreamFrame frame)) {
            if (msg instanceof Http2SettingsFrame settings && settings.settings().headerTableSize() != null
                    && direct != null) {
                // Applied to Netty's encoder by now; its next block must start with the size update.
                direct.tableSizeMayHaveChanged();
            }
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                // The first HEADERS of a stream is its request; later ones are trailers.
                if (!streams.containsKey(frame.stream().id())) {
                    request(ctx, headers);
                }
            } else if (msg instanceof Http2DataFrame data) {
                int credit = data.initialFlowControlledBytes();
                if (credit > 0) {
                    ctx.write(new DefaultHttp2WindowUpdateFrame(credit).stream(data.stream()));
                }
            }
            // RST_STREAM closes the stream (see userEventTriggered); PRIORITY, WINDOW_UPDATE and
            // unknown stream frames need nothing from us.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        Http2FrameStream stream = frame.stream();
        HttpRequest request;
        try {
            request = Http2Requests.toRequest(frame.headers());
        } catch (Exception e) {
            Http2Connection.logStreamError(ctx.channel(), e);
            ctx.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
            return;
        }
        if (!frame.isEndStream() && !HttpUtil.isContentLengthSet(request)) {
            // As Http2StreamFrameToHttpObjectCodec marks a request whose body is still to come.
            request.headers().add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        Http2Stream http2Stream = codec.connection().stream(stream.id());
        if (http2Stream == null) {
            return;
        }
        boolean head = request.method().equals(HttpMethod.HEAD);
        Http2Response response = new Http2Response(this, ctx, stream, http2Stream);
        streams.put(stream.id(), response);
        connection.streamStarted();
        Exchange exchange = Exchange.begin(connection.tracker(), ctx.channel(), connection.accessLog(), request,
                PROTOCOL);
        response.begin(exchange);
        Reply refused = connection.refusal(ctx.channel(), request);
        if (refused != null) {
            exchange.answered(refused);
            response.write(refused, null, head);
            return;
        }
        Dispatch dispatch = exchange.route(connection.dispatcher(), ctx, request);
        if (dispatch.proxy() != null) {
            // The proxy speaks HTTP/1.1 on both sides for now. RFC 9113 §8.7: HTTP_1_1_REQUIRED makes
            // browsers repeat the request over HTTP/1.1, where the proxy route works.
            exchange.answered(Reply.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED));
            response.refuseWith(Http2Error.HTTP_1_1_REQUIRED);
            return;
        }
        response.write(dispatch.reply(), dispatch.user(), head);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof Http2FrameStreamEvent event)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        Http2FrameStream stream = event.stream();
        if (event.type() == Http2FrameStreamEvent.Type.State && stream.state() == Http2Stream.State.CLOSED) {
            Http2Response response = streams.remove(stream.id());
            if (response != null) {
                response.streamClosed();
            }
        }
    }

    /**
     * The flow controller's listener (set by {@link Http2Connection}): a stream may send more, or less,
     * than before; a file body waiting for window goes on.
     */
    void writabilityChanged(Http2Stream stream) {
        Http2Response response = streams.get(stream.id());
        if (response != null && response.streaming()) {
            schedulePump();
        }
    }

    /** A response ended (written, failed or abandoned): the bookkeeping HTTP/1.1 does per request. */
    void responseEnded(Exchange exchange, boolean sent, String user) {
        boolean drainNow = exchange.end(sent, user);
        connection.streamFinished();
        if (drainNow) {
            // Draining, GOAWAY already sent (ConnectionTracker.drain) and this was our last stream.
            Http2Connection.closeWhenIdle(ctx.channel());
        }
    }

    void streamingStarted(Http2Response response) {
        streaming.add(response);
    }

    void streamingEnded(Http2Response response) {
        streaming.remove(response);
    }

    /**
     * Continues the file bodies later on the event loop, once for all streams that became writable
     * or had chunks go out, then flushes. Never from inside the codec's own callbacks: those may run
     * in the middle of the flow controller's writing.
     */
    void schedulePump() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            ctx.executor().execute(pumpTask);
        }
    }

    private void pumpAll() {
        pumpScheduled = false;
        scratch.addAll(streaming);
        for (Http2Response r : scratch) {
            r.pump();
        }
        scratch.clear();
        for (int i = streaming.size() - 1; i >= 0; i--) {
            if (!streaming.get(i).streaming()) {
                streaming.remove(i);
            }
        }
        ctx.flush();
    }

    /** A response has begun: make sure the stall check runs while it is open. */
    void watch() {
        if (stallTimer == null && ctx.channel().isActive()) {
            stallTimer = ctx.executor().schedule(stallCheck, idleNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkStalls() {
        stallTimer = null;
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Http2Response r : streams.values()) {
            if (!r.active()) {
                continue;
            }
            long left = r.lastProgress + idleNanos - now;
            if (left <= 0) {
                scratch.add(r);
            } else {
                next = Math.min(next, left);
            }
        }
        // Reset outside the iteration: resetting closes streams, which removes them from the map.
        for (Http2Response r : scratch) {
            r.fail();
        }
        scratch.clear();
        if (next != Long.MAX_VALUE && ctx.channel().isActive()) {
            stallTimer = ctx.executor().schedule(stallCheck, next, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // The codec closed every stream already; this catches anything it could not reach.
        if (!streams.isEmpty()) {
            scratch.addAll(streams.values());
            streams.clear();
            for (Http2Response r : scratch) {
                r.streamClosed();
            }
            scratch.clear();
        }
        streaming.clear();
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2FrameStreamException e) {
            // A stream error: the codec has reset the stream, whose close ends its exchange.
            Http2Connection.logStreamError(ctx.channel(), e.getCause() != null ? e.getCause() : e);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
