package dev.gatehouse.server;

import dev.gatehouse.http.ReplyBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;

/**
 * Streams a {@link ReplyBody.Parts} body (multipart/byteranges): each part head, then its file piece
 * in chunks of at most {@code chunkSize} bytes read with positional reads, then the trailer. Only one
 * chunk is in memory at a time; {@link #close()} (called by ChunkedWriteHandler when the transfer
 * ends, fails or the connection goes away) closes the file.
 */
final class ChunkedFileParts implements ChunkedInput<ByteBuf> {

    private final ReplyBody.Parts body;
    private final int chunkSize;
    private final long length;
    private int part;          // index of the current part; parts.size() means the trailer
    private boolean headSent;  // whether the current part's head has gone out
    private long done;         // bytes of the current part's file piece already sent
    private long progress;
    private boolean ended;

    ChunkedFileParts(ReplyBody.Parts body, int chunkSize) {
        this.body = body;
        this.chunkSize = chunkSize;
        this.length = body.length();
    }

    @Override
    public boolean isEndOfInput() {
        return ended;
    }

    @Override
    public void close() throws Exception {
        body.channel().close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        if (ended) {
            return null;
        }
        if (part == body.parts().size()) {
            ended = true;
            progress += body.trailer().length;
            return Unpooled.wrappedBuffer(body.trailer());
        }
        ReplyBody.Part p = body.parts().get(part);
        if (!headSent) {
            headSent = true;
            progress += p.head().length;
            return Unpooled.wrappedBuffer(p.head());
        }
        int n = (int) Math.min(chunkSize, p.length() - done);
        ByteBuf buf = ChunkedFileRange.read(allocator, body.channel(), p.offset() + done, n);
        done += n;
        progress += n;
        if (done == p.length()) {
            part++;
            headSent = false;
            done = 0;
        }
        return buf;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }
}
