package dev.gatehouse.http;

import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What follows the response head. */
public sealed interface ReplyBody {

    long length();

    /** No body (HEAD, 304, redirects without text). The head may still announce a length. */
    record Empty() implements ReplyBody {
        @Override
        public long length() {
            return 0;
        }
    }

    /** A small body held in memory. */
    record Bytes(byte[] bytes) implements ReplyBody {
        public static Bytes utf8(String text) {
            return new Bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * A body in a Netty buffer, typically a duplicate or slice of a shared read-only buffer (the
     * in-memory copy of a small file). The reply owns one reference: the writer releases it once the
     * bytes are written, and whoever drops the reply unsent must {@code release()} it.
     */
    record Buffer(ByteBuf content) implements ReplyBody {
        @Override
        public long length() {
            return content.readableBytes();
        }
    }

    /**
     * A region of an open file, streamed from disk. The writer owns the channel from here on and
     * closes it when the transfer ends, fails or is abandoned.
     */
    record FileRegion(FileChannel channel, long offset, long length) implements ReplyBody {
    }

    /**
     * Pieces of an open file with bytes between them ({@code multipart/byteranges}, RFC 9110 §14.6):
     * each part is its head (boundary and part headers), then {@code length} bytes of the file from
     * {@code offset}; the trailer closes the multipart. Streamed part by part, the file never read
     * whole. The writer owns the channel as for {@link FileRegion}.
     */
    record Parts(FileChannel channel, List<Part> parts, byte[] trailer) implements ReplyBody {
        public Parts {
            parts = List.copyOf(parts);
        }

        @Override
        public long length() {
            long n = trailer.length;
            for (Part p : parts) {
                n += p.head().length + p.length();
            }
            return n;
        }
    }

    /** One part of {@link Parts}. */
    record Part(byte[] head, long offset, long length) {
    }

    ReplyBody EMPTY = new Empty();
}
