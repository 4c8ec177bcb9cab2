package dev.gatehouse.server;

import dev.gatehouse.logging.LimitEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Refuses obsolete line folding (RFC 9112 §5.2: a header line that starts with a space or tab). Netty
 * unfolds such lines, which RFC 9112 allows, but a proxy in front of us might not, and a request that
 * two parsers read differently is the seed of request smuggling; so, like Apache httpd and h2o, we
 * answer 400 and close.
 *
 * <p>It scans raw bytes before the HTTP codec, but only request heads: the codec tells it (through
 * {@link #messageEnded}, called by the handler after the codec) when a body is
 * being read, so body bytes are never mistaken for header lines. A second request pipelined in the same
 * read as the end of a previous body is not scanned; Netty's own unfolding then applies to it.
 */
final class ObsFoldGuard extends ChannelInboundHandlerAdapter {

    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
            + "content-length: 32\r\nconnection: close\r\n\r\nobsolete line folding refused\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private boolean inHead = true;
    private int previous = -1;   // last byte seen in the head, across reads
    private int beforePrevious = -1;
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (inHead && msg instanceof ByteBuf buf && foldInHead(buf)) {
            refused = true;
            buf.release();
            LimitEvents.hit(LimitEvents.Kind.MALFORMED_REQUEST, ctx.channel().remoteAddress());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BAD_REQUEST)).addListener(f -> ctx.close());
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Scans until the end of the head (CRLF CRLF); true if a folded line was found before it. */
    private boolean foldInHead(ByteBuf buf) {
        int end = buf.writerIndex();
        for (int i = buf.readerIndex(); i < end; i++) {
            int b = buf.getByte(i) & 0xff;
            if (beforePrevious == '\r' && previous == '\n') {
                if (b == ' ' || b == '\t') {
                    return true;
                }
                if (b == '\r') {
                    // CRLF CRLF: the head ends; the body (if any) is not ours to scan.
                    inHead = false;
                    previous = beforePrevious = -1;
                    return false;
                }
            }
            beforePrevious = previous;
            previous = b;
        }
        return false;
    }

    /** Called after the codec: the message is complete; the next bytes are a new head. */
    void messageEnded() {
        inHead = true;
        previous = beforePrevious = -1;
    }
}
