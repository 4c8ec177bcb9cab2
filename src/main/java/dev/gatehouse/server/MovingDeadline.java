package dev.gatehouse.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline that moves on every request (or body chunk) without a task scheduled and cancelled each
 * time: that churn of the event loop's scheduler queue showed in profiles. One task per connection
 * wakes up when the deadline could have passed, re-schedules itself for the remaining time if it has
 * moved, and runs the expiry action once it has really passed. Event-loop confined.
 *
 * <p>{@code maxStep} bounds how far ahead the task is scheduled: a handler whose deadlines have more
 * than one length (idle and request-head timeouts) passes the shortest, so no later, shorter deadline
 * can fall before the task wakes up.
 */
final class MovingDeadline {

    private static final long NONE = Long.MIN_VALUE;

    private final ChannelHandlerContext ctx;
    private final long maxStep;
    private final Runnable onExpiry;
    private long deadline = NONE;
    private ScheduledFuture<?> timer;

    MovingDeadline(ChannelHandlerContext ctx, long maxStepNanos, Runnable onExpiry) {
        this.ctx = ctx;
        this.maxStep = maxStepNanos;
        this.onExpiry = onExpiry;
    }

    /** The deadline is now plus {@code nanos}. */
    void arm(long nanos) {
        deadline = now() + nanos;
        if (timer == null) {
            timer = ctx.executor().schedule(this::fire, Math.min(nanos, maxStep), TimeUnit.NANOSECONDS);
        }
    }

    /** No deadline until the next {@link #arm}; a pending wake-up finds nothing to do. */
    void disarm() {
        deadline = NONE;
    }

    /** Disarms and cancels the pending wake-up (the channel or handler is going away). */
    void stop() {
        deadline = NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire() {
        timer = null;
        if (deadline == NONE || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - now();
        if (left > 0) {
            timer = ctx.executor().schedule(this::fire, Math.min(left, maxStep), TimeUnit.NANOSECONDS);
            return;
        }
        deadline = NONE;
        onExpiry.run();
    }

    /** The executor's clock, which tests can advance (EmbeddedChannel). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }
}
