package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.FileRegion;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code timeouts.write}: closes a connection whose output makes no progress for that long (a client
 * that stopped reading), firing {@link WriteTimeoutException} first so the request loop counts it.
 *
 * <p>Progress is read off the channel's outbound buffer, the bytes the socket has not taken yet:
 * after a flush that leaves some there, one task per connection looks every quarter of the timeout
 * whether the socket has taken any since (the buffer is empty, its first message is another one, or
 * that message has been written in part). A large download in progress is therefore never cut off;
 * a stalled one is cut off between one and one and a quarter timeouts after its last progress.
 *
 * <p>Why not Netty's {@code WriteTimeoutHandler}, nor a listener on each write's promise: the first
 * schedules a task per write, the second costs a listener per write; on HTTP/2, where every frame is
 * a write, either was several percent of a busy core. This costs a look at the outbound buffer per
 * flush.
 */
final class WriteTimeout extends ChannelOutboundHandlerAdapter {

    private final long timeoutNanos;
    private final long stepNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long lastProgress;
    private Object lastHead;
    private long lastHeadPosition;
    private boolean expired;

    WriteTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.stepNanos = Math.max(1, timeoutNanos / 4);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        if (timer == null && timeoutNanos > 0) {
            ChannelOutboundBuffer out = pending();
            if (out != null) {
                remember(out);
                timer = ctx.executor().schedule(this::check, stepNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The outbound buffer when it holds bytes the socket has not taken, else null. */
    private ChannelOutboundBuffer pending() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out != null && out.totalPendingWriteBytes() > 0 ? out : null;
    }

    /** Notes the buffer's first message and how far it has been written, as of now. */
    private void remember(ChannelOutboundBuffer out) {
        lastHead = out.current();
        lastHeadPosition = position(lastHead);
        lastProgress = now();
    }

    private static long position(Object head) {
        return head instanceof ByteBuf b ? b.readerIndex() : head instanceof FileRegion f ? f.transferred() : -1;
    }

    private void check() {
        timer = null;
        if (expired || !ctx.channel().isActive()) {
            return;
        }
        ChannelOutboundBuffer out = pending();
        if (out == null) {
            lastHead = null; // all taken: nothing to watch until a flush leaves bytes behind again
            return;
        }
        Object head = out.current();
        if (head != lastHead || position(head) != lastHeadPosition) {
            remember(out); // the socket took something since the last look
        } else if (now() - lastProgress >= timeoutNanos) {
            expired = true;
            ctx.fireExceptionCaught(WriteTimeoutException.INSTANCE);
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(this::check, stepNanos, TimeUnit.NANOSECONDS);
    }

    /** The executor's clock, which tests can advance (EmbeddedChannel). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }
}
