package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LifecycleManager;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the frames of a plain response itself, in front of Netty's encoder, where Netty's general
 * machinery costs more than the frame: about a fifth of a small HTTP/2 response's cost on the event
 * loop (W2 profile, issue 9). Everything unusual still takes Netty's path, with its checks.
 *
 * <p><b>HEADERS</b>, as nginx writes them: every field a literal that is not added to HPACK's dynamic
 * table (RFC 7541 §6.2.2), its name by static-table index where it has one, {@code :status} indexed
 * when the static table has it, nothing Huffman-coded; frame header and block in one heap buffer.
 * Netty's encoder looked every field up in the connection's dynamic table (hashing and constant-time
 * compares of name and value), Huffman-sized each value and wrote two pooled buffers with a promise
 * aggregator: about 10 % of the loop. The literals cost bytes (a 1 KiB file's head is about 300 bytes
 * instead of 60), which TLS and the kernel carry for far less. Because nothing is ever added to the
 * dynamic table, Netty's encoder and the peer's decoder stay in step when the two paths mix. Netty's
 * path is kept for:
 * <ul>
 *   <li>a stream not yet open, or not OPEN / HALF_CLOSED_REMOTE, or whose headers were sent already,
 *       or with frames still queued in flow control (trailers must stay behind them);</li>
 *   <li>an informational (1xx) status, padding, a block larger than the peer's frame size
 *       (CONTINUATION), or a head over the list size Netty's encoder enforces (it fails the
 *       stream);</li>
 *   <li>the first head after the peer changed SETTINGS_HEADER_TABLE_SIZE: RFC 7541 §4.2 wants the
 *       table size update at the start of that block, and Netty's encoder holds it
 *       ({@link #tableSizeMayHaveChanged}).</li>
 * </ul>
 *
 * <p><b>DATA</b> of a small body (up to {@link #DIRECT_DATA_MAX} bytes) is written at once, copied
 * behind its frame header in one heap buffer, when the stream has nothing queued in flow control,
 * both the stream's and the connection's windows hold it and the channel takes it; the windows are
 * charged exactly as Netty's flow controller charges them when it writes. Netty queued every body in
 * its flow controller and wrote it at the flush, with a frame header from the pool and a promise
 * aggregator: about 6 % of the loop. Larger bodies (file chunks) and everything that must wait go
 * through the flow controller as before.
 *
 * <p>A <b>whole small response</b> (HEADERS, then its body in one DATA frame with END_STREAM) is
 * written as one buffer with one promise ({@link #writeResponse}) when both frames may take these
 * paths.
 *
 * <p>Names must be lower case already (RFC 9113 §8.2.2); {@link Http2Response#headers} makes them so.
 */
final class DirectResponseEncoder extends DecoratingHttp2ConnectionEncoder {

    private static final byte DATA = 0x0;
    private static final byte HEADERS = 0x1;
    /**
     * The largest body written at once, below any peer's frame size (at least 16 KiB): small files
     * and error pages. File chunks (16 KiB) take the flow controller, which paces them.
     */
    static final int DIRECT_DATA_MAX = 8 * 1024;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int FRAME_HEADER_LENGTH = 9;
    /** HPACK's static index of the {@code :status} name, and of each status it holds a whole field for. */
    private static final int STATUS_NAME = 8;

    private final Http2Connection connection;
    private final Http2RemoteFlowController flow;
    /** Netty's frame writer's settings (the peer's frame size, the header list limit); set once. */
    private final Http2FrameWriter.Configuration config;
    private Http2LifecycleManager lifecycle;
    private ChannelHandlerContext ctx;
    private boolean tableSizeMayHaveChanged;
    /** As Netty's encoder does: a frame whose write fails is an error of its stream. */
    private final ChannelFutureListener reportFailure = f -> {
        if (f.cause() != null) {
            lifecycle.onError(ctx, true, f.cause());
        }
    };

    DirectResponseEncoder(Http2ConnectionEncoder delegate) {
        super(delegate);
        // Asked once: each call goes down the chain of Netty's encoder decorators.
        connection = delegate.connection();
        flow = delegate.flowController();
        config = delegate.frameWriter().configuration();
    }

    @Override
    public void lifecycleManager(Http2LifecycleManager lifecycleManager) {
        lifecycle = lifecycleManager;
        super.lifecycleManager(lifecycleManager);
    }

    /** The peer sent SETTINGS_HEADER_TABLE_SIZE: the next head goes through Netty's encoder. */
    void tableSizeMayHaveChanged() {
        tableSizeMayHaveChanged = true;
    }

    @Override
    public ChannelFuture writeHeaders(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endStream, ChannelPromise promise) {
        Http2Stream stream = connection.stream(streamId);
        int length = padding == 0 && !tableSizeMayHaveChanged && lifecycle != null && plainResponse(stream, endStream)
                ? head(headers, streamId, endStream) : -1;
        if (length < 0) {
            // Netty's path; it also writes any pending table size update at the start of this block.
            tableSizeMayHaveChanged = false;
            return super.writeHeaders(ctx, streamId, headers, padding, endStream, promise);
        }
        // A heap buffer of its own: TLS copies it into its record anyway, and small writes into the
        // pooled direct buffers cost more than the whole encoding.
        byte[] frame = Arrays.copyOf(block.bytes, length);
        // As Netty's encoder: the state is set now, and a failed write is a stream error.
        stream.headersSent(false);
        ChannelFuture future = submit(ctx, frame, promise.unvoid());
        if (endStream) {
            lifecycle.closeStreamLocal(stream, future);
        }
        return future;
    }

    @Override
    public ChannelFuture writeData(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
            boolean endStream, ChannelPromise promise) {
        int length = data.readableBytes();
        Http2Stream stream = padding == 0 && length <= DIRECT_DATA_MAX && lifecycle != null
                ? connection.stream(streamId) : null;
        if (stream == null || !sendable(stream.state()) || flow.hasFlowControlled(stream)
                || !windowsHold(stream, length)
                || ctx.channel().bytesBeforeUnwritable() < FRAME_HEADER_LENGTH + length) {
            return super.writeData(ctx, streamId, data, padding, endStream, promise);
        }
        byte[] frame = new byte[FRAME_HEADER_LENGTH + length];
        frameHeader(frame, 0, length, DATA, endStream ? END_STREAM : 0, streamId);
        data.getBytes(data.readerIndex(), frame, FRAME_HEADER_LENGTH, length);
        data.release();
        charge(stream, length);
        ChannelFuture future = submit(ctx, frame, promise.unvoid());
        if (endStream) {
            lifecycle.closeStreamLocal(stream, future);
        }
        return future;
    }

    /**
     * Writes a whole response, its HEADERS and its body as one DATA frame with END_STREAM, as one
     * buffer with one promise, when both frames may take the direct path (see the class comment);
     * returns false, having written and released nothing, when they may not. Two writes cost two
     * promises, each wrapped again by the TLS handler's queue and completed at the flush (about 5 % of
     * W2's event loop for the pair), two trips through the frame codec and two buffers.
     *
     * @param ctx the frame codec's context
     */
    boolean writeResponse(ChannelHandlerContext ctx, Http2Stream stream, Http2Headers headers, ByteBuf body,
            ChannelPromise promise) {
        int length = body.readableBytes();
        if (length > DIRECT_DATA_MAX || tableSizeMayHaveChanged || lifecycle == null || !plainResponse(stream, true)
                || !windowsHold(stream, length)) {
            return false;
        }
        int head = head(headers, stream.id(), false);
        if (head < 0 || ctx.channel().bytesBeforeUnwritable() < head + FRAME_HEADER_LENGTH + length) {
            return false;
        }
        byte[] frames = Arrays.copyOf(block.bytes, head + FRAME_HEADER_LENGTH + length);
        frameHeader(frames, head, length, DATA, END_STREAM, stream.id());
        body.getBytes(body.readerIndex(), frames, head + FRAME_HEADER_LENGTH, length);
        body.release();
        charge(stream, length);
        stream.headersSent(false);
        lifecycle.closeStreamLocal(stream, submit(ctx, frames, promise));
        return true;
    }

    /** Whether both the stream's and the connection's send windows hold {@code length} bytes now. */
    private boolean windowsHold(Http2Stream stream, int length) {
        return flow.windowSize(stream) >= length && flow.windowSize(connection.connectionStream()) >= length;
    }

    /** What the flow controller does when it writes a frame: the stream's and the connection's windows shrink. */
    private void charge(Http2Stream stream, int length) {
        if (length == 0) {
            return;
        }
        try {
            flow.incrementWindowSize(stream, -length);
            flow.incrementWindowSize(connection.connectionStream(), -length);
        } catch (Http2Exception e) {
            // Only a window growing past 2^31-1 throws; shrinking cannot.
            throw new IllegalStateException(e);
        }
    }

    /** Writes frames built here; a failed write is an error of their stream, as in Netty's encoder. */
    private ChannelFuture submit(ChannelHandlerContext ctx, byte[] frames, ChannelPromise promise) {
        ChannelFuture future = ctx.write(Unpooled.wrappedBuffer(frames), promise);
        if (!future.isSuccess()) {
            this.ctx = ctx; // the codec's, the same for every write
            future.addListener(reportFailure);
        }
        return future;
    }

    private static boolean sendable(Http2Stream.State state) {
        return state == Http2Stream.State.OPEN || state == Http2Stream.State.HALF_CLOSED_REMOTE;
    }

    private static void frameHeader(byte[] frame, int at, int length, byte type, int flags, int streamId) {
        frame[at] = (byte) (length >>> 16);
        frame[at + 1] = (byte) (length >>> 8);
        frame[at + 2] = (byte) length;
        frame[at + 3] = type;
        frame[at + 4] = (byte) flags;
        frame[at + 5] = (byte) (streamId >>> 24 & 0x7f);
        frame[at + 6] = (byte) (streamId >>> 16);
        frame[at + 7] = (byte) (streamId >>> 8);
        frame[at + 8] = (byte) streamId;
    }

    /** A final response on a request stream, with nothing of it queued in flow control. */
    private boolean plainResponse(Http2Stream stream, boolean endStream) {
        if (stream == null || stream.isHeadersSent() || stream.isTrailersSent()) {
            return false;
        }
        return sendable(stream.state()) && !(endStream && flow.hasFlowControlled(stream));
    }

    /**
     * Puts the whole HEADERS frame at the start of {@link #block} and returns its length, or -1 when this
     * head must take Netty's path: a status that is not final, a pseudo-header field other than
     * {@code :status}, a block that would need CONTINUATION frames, or a head over the limit Netty's
     * encoder enforces (RFC 9113 §6.5.2 counts 32 octets per field on top of name and value).
     */
    private int head(Http2Headers headers, int streamId, boolean endStream) {
        CharSequence status = headers.status();
        if (status == null || status.length() != 3 || status.charAt(0) < '2' || status.charAt(0) > '9') {
            return -1;
        }
        Block block = this.block;
        block.length = FRAME_HEADER_LENGTH;
        long listSize = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iterator(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            listSize += name.length() + value.length() + 32;
            if (name == Http2Headers.PseudoHeaderName.STATUS.value()) {
                int indexed = indexedStatus(value);
                if (indexed > 0) {
                    block.integer(0x80, 7, indexed); // RFC 7541 §6.1: the whole field from the static table
                    continue;
                }
                block.integer(0x00, 4, STATUS_NAME); // the name from the static table
            } else if (name.length() > 0 && name.charAt(0) == ':') {
                return -1; // only :status belongs in a response
            } else {
                int index = name instanceof AsciiString a ? Http2FieldNames.staticIndex(a) : 0;
                if (index > 0) {
                    block.integer(0x00, 4, index);
                } else {
                    block.integer(0x00, 4, 0);
                    block.string(name);
                }
            }
            block.string(value);
        }
        int length = block.length - FRAME_HEADER_LENGTH;
        if (length > config.frameSizePolicy().maxFrameSize()
                || listSize > config.headersConfiguration().maxHeaderListSize()) {
            return -1;
        }
        frameHeader(block.bytes, 0, length, HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), streamId);
        return block.length;
    }

    /** The static-table index of a whole {@code :status} field (RFC 7541 Appendix A), or 0. */
    private static int indexedStatus(CharSequence value) {
        if (value.length() != 3) {
            return 0;
        }
        int code = (value.charAt(0) - '0') * 100 + (value.charAt(1) - '0') * 10 + (value.charAt(2) - '0');
        return switch (code) {
            case 200 -> 8;
            case 204 -> 9;
            case 206 -> 10;
            case 304 -> 11;
            case 400 -> 12;
            case 404 -> 13;
            case 500 -> 14;
            default -> 0;
        };
    }

    /** The connection's scratch space for one frame; grows to the largest head written. */
    private final Block block = new Block();

    private static final class Block {
        byte[] bytes = new byte[512];
        int length;

        /** RFC 7541 §5.2, without Huffman coding. */
        void string(CharSequence s) {
            int n = s.length();
            integer(0x00, 7, n);
            ensure(n);
            if (s instanceof AsciiString a) {
                System.arraycopy(a.array(), a.arrayOffset(), bytes, length, n);
            } else {
                // HTTP/2 field values are octets, one char each in the header maps (as ISO-8859-1).
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    bytes[length + i] = (byte) (c > 0xff ? '?' : c);
                }
            }
            length += n;
        }

        /** RFC 7541 §5.1: {@code value} with an {@code n}-bit prefix, the first byte's other bits {@code mask}. */
        void integer(int mask, int n, int value) {
            ensure(5);
            int max = (1 << n) - 1;
            if (value < max) {
                bytes[length++] = (byte) (mask | value);
                return;
            }
            bytes[length++] = (byte) (mask | max);
            int rest = value - max;
            while (rest >= 0x80) {
                bytes[length++] = (byte) (rest & 0x7f | 0x80);
                rest >>>= 7;
            }
            bytes[length++] = (byte) rest;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
