package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sits below the HTTP codec and enforces two clocks: {@code timeouts.idle} while a keep-alive
 * connection waits for its next request, and {@code timeouts.request-header} from the first byte of a
 * request until its head is complete (slowloris). While a response is being produced neither runs.
 */
final class RequestTimeouts extends ChannelDuplexHandler {

    private enum State { IDLE, READING_HEAD, BUSY }

    private final long idleNanos;
    private final long headerNanos;
    private final long step;
    private State state = State.IDLE;
    private static final long NONE = Long.MIN_VALUE;
    private ScheduledFuture<?> timer;
    private long deadline = NONE;
    private ChannelHandlerContext ctx;

    RequestTimeouts(Duration idle, Duration requestHeader) {
        this.idleNanos = idle.toNanos();
        this.headerNanos = requestHeader.toNanos();
        this.step = Math.min(idleNanos, headerNanos);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            arm(idleNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(idleNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING_HEAD;
            arm(headerNanos);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    /** The request head has been decoded: the response is ours to produce now. */
    void headReceived() {
        state = State.BUSY;
        cancel();
    }

    /** The response is done; wait for the next request. */
    void responseDone() {
        state = State.IDLE;
        if (ctx.channel().isActive()) {
            arm(idleNanos);
        }
    }

    /**
     * Moves the deadline. The scheduled task is not cancelled and re-created on every request (that
     * churn of the scheduler's queue showed up at several percent of a busy core): one task stays
     * scheduled and, when it fires early, re-schedules itself for the remaining time.
     */
    private void arm(long nanos) {
        deadline = now() + nanos;
        if (timer == null) {
            // Never further ahead than the shorter of the two timeouts: then no later deadline can
            // fall before the moment this task wakes up, and no re-scheduling is ever needed.
            timer = ctx.executor().schedule(this::fire, Math.min(nanos, step), TimeUnit.NANOSECONDS);
        }
    }

    /** The executor's clock, which tests can advance (EmbeddedChannel). */
    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void cancel() {
        deadline = NONE;
    }

    private void stop() {
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
            timer = ctx.executor().schedule(this::fire, Math.min(left, step), TimeUnit.NANOSECONDS);
            return;
        }
        expired();
    }

    private void expired() {
        if (state == State.READING_HEAD) {
            dev.gatehouse.logging.LimitEvents.hit(dev.gatehouse.logging.LimitEvents.Kind.REQUEST_HEADER_TIMEOUT,
                    ctx.channel().remoteAddress());
        }
        if (state != State.BUSY) {
            // Idle keep-alive connections and stalled request heads are closed without a reply, as
            // nginx does: the peer is either gone or not worth the bytes.
            ctx.channel().close();
        }
    }
}
