package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.EOFException;
import java.nio.channels.FileChannel;

/**
 * Streams one region of an open file in chunks of at most {@code chunkSize} bytes with positional
 * reads. Unlike Netty's ChunkedNioFile it fails when the file shrinks under it (Netty's would yield
 * empty chunks forever and hang the connection): the write then fails and the connection is closed,
 * which is the only honest end once the promised Content-Length cannot be met.
 */
final class ChunkedFileRange implements ChunkedInput<ByteBuf> {

    private final FileChannel file;
    private final long start;
    private final long end;
    private final int chunkSize;
    private long offset;

    ChunkedFileRange(FileChannel file, long start, long length, int chunkSize) {
        this.file = file;
        this.start = start;
        this.end = start + length;
        this.chunkSize = chunkSize;
        this.offset = start;
    }

    @Override
    public boolean isEndOfInput() {
        return offset >= end;
    }

    @Override
    public void close() throws Exception {
        file.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        if (offset >= end) {
            return null;
        }
        int n = (int) Math.min(chunkSize, end - offset);
        ByteBuf buf = read(allocator, file, offset, n);
        offset += n;
        return buf;
    }

    /**
     * Exactly {@code n} bytes of {@code file} from {@code position} (positional reads, so several
     * responses may share one channel); fails instead of returning short when the file has shrunk.
     */
    static ByteBuf read(ByteBufAllocator allocator, FileChannel file, long position, int n) throws java.io.IOException {
        ByteBuf buf = allocator.buffer(n);
        boolean ok = false;
        try {
            while (buf.readableBytes() < n) {
                int read = buf.writeBytes(file, position + buf.readableBytes(), n - buf.readableBytes());
                if (read < 0) {
                    throw new EOFException("file shrank while being sent");
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                buf.release();
            }
        }
        return buf;
    }

    @Override
    public long length() {
        return end - start;
    }

    @Override
    public long progress() {
        return offset - start;
    }
}
