package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;

/**
 * Sits below the HTTP codec and enforces two clocks: {@code timeouts.idle} while a keep-alive
 * connection waits for its next request, and {@code timeouts.request-header} from the first byte of a
 * request until its head is complete (slowloris). While a response is being produced neither runs.
 */
final class RequestTimeouts extends ChannelDuplexHandler {

    private enum State { IDLE, READING_HEAD, BUSY }

    private final long idleNanos;
    private final long headerNanos;
    private State state = State.IDLE;
    private MovingDeadline deadline;
    private ChannelHandlerContext ctx;

    RequestTimeouts(Duration idle, Duration requestHeader) {
        this.idleNanos = idle.toNanos();
        this.headerNanos = requestHeader.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.deadline = new MovingDeadline(ctx, Math.min(idleNanos, headerNanos), this::expired);
        if (ctx.channel().isActive()) {
            deadline.arm(idleNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        deadline.arm(idleNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING_HEAD;
            deadline.arm(headerNanos);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        deadline.stop();
        super.channelInactive(ctx);
    }

    /** The request head has been decoded: the response is ours to produce now. */
    void headReceived() {
        state = State.BUSY;
        deadline.disarm();
    }

    /** The response is done; wait for the next request. */
    void responseDone() {
        state = State.IDLE;
        if (ctx.channel().isActive()) {
            deadline.arm(idleNanos);
        }
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
