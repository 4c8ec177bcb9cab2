package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.ReadOnlyHttp2Headers;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.stream.ChunkedInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream's response, written as frames straight to the frame codec; owned by
 * {@link Http2RequestHandler}, which calls it on the event loop only. Guarantees:
 * <ul>
 *   <li>An empty body is one HEADERS frame with END_STREAM; a body in memory is HEADERS and one DATA
 *       frame with END_STREAM (the encoder splits it at the peer's max frame size).</li>
 *   <li>A file body ({@link ReplyBody.FileRegion}, {@link ReplyBody.Parts}) is read in 16 KiB chunks
 *       only while the stream's flow-control window and the connection can take them, and never more
 *       than {@link #MAX_IN_FLIGHT} bytes ahead of the socket, so a huge window does not pull the
 *       file into memory. Its channel is closed when the last chunk has been read, when a write
 *       fails, and when the stream is reset or the connection closes.</li>
 *   <li>The {@link Exchange} ends exactly once: "sent" when the last frame has been written,
 *       "not sent" otherwise; only then is the stream counted as finished on the connection.</li>
 *   <li>{@link #lastProgress} tells the handler's single stall check when the response last moved.</li>
 * </ul>
 */
final class Http2Response implements ChannelFutureListener {

    private static final Logger LOG = LoggerFactory.getLogger(Http2Response.class);

    static final int CHUNK_SIZE = ResponseWriter.CHUNK_SIZE;
    /**
     * Bytes of a file body written but not yet on the socket; more waits for their completion.
     * 128 KiB: 64 KiB left a single 64 MiB download waiting on round trips (measured ~0.5x the
     * throughput), 256 KiB gained nothing over 128 KiB.
     */
    static final int MAX_IN_FLIGHT = 8 * CHUNK_SIZE;

    private final Http2RequestHandler handler;
    private final ChannelHandlerContext ctx;
    final Http2FrameStream stream;
    private final Http2Stream http2Stream;
    private Exchange exchange;
    private String user;
    private ChunkedInput<ByteBuf> source;
    /** The write of the frame that carries END_STREAM, once submitted. */
    private ChannelPromise last;
    private int inFlight;
    private boolean done;
    long lastProgress;

    Http2Response(Http2RequestHandler handler, ChannelHandlerContext ctx, Http2FrameStream stream,
            Http2Stream http2Stream) {
        this.handler = handler;
        this.ctx = ctx;
        this.stream = stream;
        this.http2Stream = http2Stream;
    }

    void begin(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Whether the exchange is still open (its response not yet written, failed or abandoned). */
    boolean active() {
        return exchange != null && !done;
    }

    /** Whether file chunks remain to be written. */
    boolean streaming() {
        return source != null && !done;
    }

    /**
     * Writes the reply; {@code user} is what the access log shows (or null).
     *
     * @param head whether the request was HEAD: the head GET would get, never a body (RFC 9110
     *             §9.3.2), though error pages carry one
     */
    void write(Reply reply, String user, boolean head) {
        this.user = user;
        // HTTP/2 replies are made on the spot, so the request's clock reading will do (one fewer).
        lastProgress = exchange != null ? exchange.startNanos() : System.nanoTime();
        handler.watch();
        ReplyHeaders.complete(reply);
        Http2Headers headers = headers(reply);
        ReplyBody body = reply.body();
        ByteBuf content = null;
        if (head && body.length() > 0) {
            ResponseWriter.discard(reply);
        } else if (body instanceof ReplyBody.FileRegion file) {
            if (file.length() > 0) {
                source = new ChunkedFileRange(file.channel(), file.offset(), file.length(), CHUNK_SIZE);
            } else {
                ResponseWriter.discard(reply);
            }
        } else if (body instanceof ReplyBody.Parts parts) {
            source = new ChunkedFileParts(parts, CHUNK_SIZE);
        } else if (body instanceof ReplyBody.Bytes bytes && bytes.bytes().length > 0) {
            content = Unpooled.wrappedBuffer(bytes.bytes());
        } else if (body instanceof ReplyBody.Buffer buffer) {
            content = buffer.content();
            if (!content.isReadable()) {
                content.release();
                content = null;
            }
        }
        if (source == null && content == null) {
            writeLast(new DefaultHttp2HeadersFrame(headers, true).stream(stream));
            return;
        }
        if (content != null) {
            ChannelPromise promise = lastPromise();
            if (!handler.writeResponse(http2Stream, headers, content, promise)) {
                // A failure here fails the DATA written next, which ends the exchange.
                ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
                ctx.write(new DefaultHttp2DataFrame(content, true).stream(stream), promise);
            }
            return;
        }
        ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
        handler.streamingStarted(this);
        pump();
    }

    /**
     * RFC 9113 §8.2.2: lower-case names, no connection-specific fields; {@code :status} first. Names
     * and values are not validated again: each passed the HTTP/1 header map's checks when it was
     * set, and validating a second time was a visible share of a small response's cost (the values'
     * second check alone about 2 % of a W2 request). The fields go into an array-backed read-only
     * map: the encoder only walks through them, and filling a hashed {@code DefaultHttp2Headers}
     * (hashing, entry objects, its per-field validator calls) was 8 % of W2's event loop (issue 9).
     * Values are {@link AsciiString}s, as HPACK writes them anyway (one byte per character); most
     * already are (cached file heads, Date, Server, the security preset).
     */
    static Http2Headers headers(Reply reply) {
        HttpHeaders in = reply.headers();
        AsciiString[] fields = new AsciiString[in.size() * 2];
        int n = 0;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence key = h.getKey();
            AsciiString name;
            if (key instanceof AsciiString a && Http2FieldNames.isOwnLowerCase(a)) {
                name = a;
            } else {
                name = AsciiString.of(key).toLowerCase();
                if (Http2FieldNames.CONNECTION_SPECIFIC.contains(name)) {
                    continue;
                }
            }
            fields[n++] = name;
            fields[n++] = AsciiString.of(h.getValue());
        }
        return ReadOnlyHttp2Headers.serverHeaders(false, reply.status().codeAsText(),
                n == fields.length ? fields : Arrays.copyOf(fields, n));
    }

    private void writeLast(Object frame) {
        ctx.write(frame, lastPromise());
    }

    /** The promise of the write that carries END_STREAM, to be submitted at once. */
    private ChannelPromise lastPromise() {
        ChannelPromise promise = ctx.newPromise();
        last = promise;
        promise.addListener(this);
        return promise;
    }

    /**
     * Writes file chunks while the stream may send and not too much is waiting for the socket.
     * The caller flushes. Called again by the handler when the stream becomes writable or chunks
     * have gone out.
     */
    void pump() {
        Http2RemoteFlowController flow = handler.flowController();
        try {
            while (source != null && !done && inFlight < MAX_IN_FLIGHT && flow.isWritable(http2Stream)) {
                ByteBuf chunk = source.readChunk(ctx.alloc());
                if (chunk == null) {
                    chunk = Unpooled.EMPTY_BUFFER;
                }
                boolean end = source.isEndOfInput();
                int n = chunk.readableBytes();
                inFlight += n;
                if (end) {
                    closeSource();
                    writeLast(new DefaultHttp2DataFrame(chunk, true).stream(stream));
                } else {
                    ChannelPromise promise = ctx.newPromise();
                    promise.addListener(new ChunkWritten(n));
                    ctx.write(new DefaultHttp2DataFrame(chunk, false).stream(stream), promise);
                }
            }
        } catch (Exception e) {
            // The file shrank or could not be read: the promised length cannot be met.
            LOG.warn("resetting a stream of {}: {}", ctx.channel().remoteAddress(), e.toString());
            fail();
        }
    }

    /** Completion of a chunk that does not end the stream; a small object per 16 KiB chunk. */
    private final class ChunkWritten implements ChannelFutureListener {
        private final int bytes;

        ChunkWritten(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            inFlight -= bytes;
            if (done) {
                return;
            }
            if (!f.isSuccess()) {
                fail();
                return;
            }
            lastProgress = System.nanoTime();
            handler.schedulePump();
        }
    }

    /** The frame with END_STREAM has been written (or failed). */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (done) {
            return;
        }
        if (f.isSuccess()) {
            finish(true);
        } else {
            fail();
        }
    }

    /** The response cannot be completed: reset the stream if it is still open, end as not sent. */
    void fail() {
        if (done) {
            return;
        }
        closeSource();
        if (http2Stream.state() != Http2Stream.State.CLOSED && ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
        }
        finish(false);
    }

    /**
     * The stream has closed (reset by the peer, by us, or the connection went away). A response whose
     * last frame is already submitted ends with that write's outcome (it always completes: written,
     * cancelled by the flow controller, or failed with the connection); any other ends as not sent.
     */
    void streamClosed() {
        if (last == null) {
            closeSource();
            finish(false);
        }
    }

    /** The proxy route is not offered on HTTP/2 (see Http2RequestHandler). */
    void refuseWith(Http2Error error) {
        ctx.write(new DefaultHttp2ResetFrame(error).stream(stream));
        finish(false);
    }

    private void finish(boolean sent) {
        if (done) {
            return;
        }
        done = true;
        closeSource();
        handler.streamingEnded(this);
        if (exchange != null) {
            handler.responseEnded(exchange, sent, user);
        }
    }

    private void closeSource() {
        ChunkedInput<ByteBuf> s = source;
        if (s != null) {
            source = null;
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("closing a file after its response", e);
            }
        }
    }
}
