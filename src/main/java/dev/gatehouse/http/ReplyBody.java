package dev.gatehouse.http;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

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
     * A region of an open file, streamed from disk. The writer owns the channel from here on and
     * closes it when the transfer ends, fails or is abandoned.
     */
    record FileRegion(FileChannel channel, long offset, long length) implements ReplyBody {
    }

    ReplyBody EMPTY = new Empty();
}
