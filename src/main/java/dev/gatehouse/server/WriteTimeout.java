package dev.gatehouse.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code timeouts.write}: closes a connection whose writes make no progress for that long (a client
 * that stopped reading), firing {@link WriteTimeoutException} first so the request loop counts it.
 *
 * <p>Why not Netty's {@code WriteTimeoutHandler}: it schedules a task per write, and the scheduler's
 * queue churn cost several percent of a busy core (one or more writes per request, one per frame on
 * HTTP/2). Here one task per connection is scheduled when writes start to be pending and re-armed
 * only while they still are, so a connection serving small requests schedules at most one task per
 * timeout period. The clock restarts whenever a write completes: a large download in progress is
 * never cut off, a stalled one is cut off one timeout after its last progress.
 */
final class WriteTimeout extends ChannelOutboundHandlerAdapter implements ChannelFutureListener {

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    /** Writes passed on whose promise has not completed yet. */
    private int pending;
    /** When the last write completed, or when the first of the pending ones started. */
    private long lastProgress;
    private ScheduledFuture<?> timer;
    private boolean expired;

    WriteTimeout(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
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
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (timeoutNanos <= 0 || promise.isVoid()) {
            ctx.write(msg, promise);
            return;
        }
        if (pending++ == 0) {
            lastProgress = now();
            if (timer == null) {
                timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.write(msg, promise);
        promise.addListener(this);
    }

    /** A write completed (or failed): progress. */
    @Override
    public void operationComplete(ChannelFuture future) {
        pending--;
        lastProgress = now();
    }

    private void check() {
        timer = null;
        if (pending <= 0 || expired || !ctx.channel().isActive()) {
            return;
        }
        long quiet = now() - lastProgress;
        if (quiet < timeoutNanos) {
            timer = ctx.executor().schedule(this::check, timeoutNanos - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        expired = true;
        ctx.fireExceptionCaught(WriteTimeoutException.INSTANCE);
        ctx.close();
    }

    /** The executor's clock, which tests can advance (EmbeddedChannel). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }
}
