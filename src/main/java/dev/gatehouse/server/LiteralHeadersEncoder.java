package dev.gatehouse.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LifecycleManager;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a response's HEADERS frame itself, as nginx does: every field a literal that is not added
 * to HPACK's dynamic table (RFC 7541 §6.2.2), its name by static-table index where it has one,
 * {@code :status} indexed when the static table has it, nothing Huffman-coded; frame header and block
 * in one heap buffer. Why: Netty's encoder looked every field up in the connection's dynamic table
 * (hashing and constant-time compares of name and value), Huffman-sized each value and wrote two
 * buffers with a promise aggregator; that was about 10 % of a small HTTP/2 response's cost on the
 * event loop (W2 profile, issue 9). The literals cost more bytes on the wire (a 1 KiB response's head
 * is about 250 bytes instead of 50), which TLS and the kernel carry for far less than the lookups.
 *
 * <p>Because nothing is ever added to the dynamic table, Netty's encoder and the peer's decoder stay
 * in step when the two paths mix. Netty's own path is kept for everything unusual, so its checks
 * still apply there:
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
 * Names must be lower case already (RFC 9113 §8.2.2); {@link Http2Response#headers} makes them so.
 */
final class LiteralHeadersEncoder extends DecoratingHttp2ConnectionEncoder {

    private static final byte HEADERS = 0x1;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int FRAME_HEADER_LENGTH = 9;
    /** HPACK's static index of the {@code :status} name, and of each status it holds a whole field for. */
    private static final int STATUS_NAME = 8;

    private final Http2Connection connection;
    /** Netty's frame writer's settings (the peer's frame size, the header list limit); set once. */
    private final Http2FrameWriter.Configuration config;
    private Http2LifecycleManager lifecycle;
    private ChannelHandlerContext ctx;
    private boolean tableSizeMayHaveChanged;
    /** As Netty's encoder does: a head whose write fails is an error of its stream. */
    private final ChannelFutureListener reportFailure = f -> {
        if (f.cause() != null) {
            lifecycle.onError(ctx, true, f.cause());
        }
    };

    LiteralHeadersEncoder(Http2ConnectionEncoder delegate) {
        super(delegate);
        // Asked once: each call goes down the chain of Netty's encoder decorators.
        connection = delegate.connection();
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
        byte[] frame = padding == 0 && !tableSizeMayHaveChanged && lifecycle != null && plainResponse(stream, endStream)
                ? frame(headers, streamId, endStream) : null;
        if (frame == null) {
            // Netty's path; it also writes any pending table size update at the start of this block.
            tableSizeMayHaveChanged = false;
            return super.writeHeaders(ctx, streamId, headers, padding, endStream, promise);
        }
        promise = promise.unvoid();
        // A heap buffer of its own: TLS copies it into its record anyway, and small writes into the
        // pooled direct buffers cost more than the whole encoding.
        ChannelFuture future = ctx.write(Unpooled.wrappedBuffer(frame), promise);
        // As Netty's encoder: the state is set now, and a failed write is a stream error.
        stream.headersSent(false);
        if (!future.isSuccess()) {
            this.ctx = ctx; // the codec's, the same for every write
            future.addListener(reportFailure);
        }
        if (endStream) {
            lifecycle.closeStreamLocal(stream, future);
        }
        return future;
    }

    /** A final response on a request stream, with nothing of it queued in flow control. */
    private boolean plainResponse(Http2Stream stream, boolean endStream) {
        if (stream == null || stream.isHeadersSent() || stream.isTrailersSent()) {
            return false;
        }
        Http2Stream.State state = stream.state();
        return (state == Http2Stream.State.OPEN || state == Http2Stream.State.HALF_CLOSED_REMOTE)
                && !(endStream && flowController().hasFlowControlled(stream));
    }

    /**
     * The whole HEADERS frame, or null when this head must take Netty's path: a status that is not
     * final, a pseudo-header field other than {@code :status}, a block that would need CONTINUATION
     * frames, or a head over the limit Netty's encoder enforces (RFC 9113 §6.5.2 counts 32 octets per
     * field on top of name and value).
     */
    private byte[] frame(Http2Headers headers, int streamId, boolean endStream) {
        CharSequence status = headers.status();
        if (status == null || status.length() != 3 || status.charAt(0) < '2' || status.charAt(0) > '9') {
            return null;
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
                return null; // only :status belongs in a response
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
            return null;
        }
        byte[] frame = Arrays.copyOf(block.bytes, block.length);
        frame[0] = (byte) (length >>> 16);
        frame[1] = (byte) (length >>> 8);
        frame[2] = (byte) length;
        frame[3] = HEADERS;
        frame[4] = (byte) (END_HEADERS | (endStream ? END_STREAM : 0));
        frame[5] = (byte) (streamId >>> 24 & 0x7f);
        frame[6] = (byte) (streamId >>> 16);
        frame[7] = (byte) (streamId >>> 8);
        frame[8] = (byte) streamId;
        return frame;
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
