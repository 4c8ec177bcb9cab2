package dev.gatehouse.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;

/**
 * Sits below the HTTP codec and enforces two clocks: {@code timeouts.idle} while a keep-alive
 * connection waits for its next request, and {@code timeouts.request-header} from the first byte of a
 * request until its head is complete (slowloris). While a response is being produced neither runs.
 * Being the one handler right below TLS for the connection's whole life, it also makes a TLS record
 * that failed to authenticate end the connection at once (see {@link #channelReadComplete}) rather
 * than at the idle timeout; a handler of its own for that would cost every idle connection.
 */
final class RequestTimeouts extends ChannelDuplexHandler {

    private enum State { IDLE, READING_HEAD, BUSY }

    private final long idleNanos;
    private final long headerNanos;
    private State state = State.IDLE;
    private MovingDeadline deadline;
    private ChannelHandlerContext ctx;
    private boolean handshaken;
    private boolean readSinceComplete;

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
        readSinceComplete = true;
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.READING_HEAD;
            deadline.arm(headerNanos);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
            handshaken = true;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * A read that brought TLS records but no application bytes (an alert, a ticket, half a record, or
     * a record that failed to authenticate) is followed by a flush. Why: when a record fails to
     * decrypt, Netty's OpenSSL engine sends the fatal alert but keeps the error until its next wrap,
     * and with nothing to write that never comes: the connection stayed open until the idle timeout.
     * The flush makes that wrap, the error surfaces and the TLS handler closes the connection
     * (RFC 8446 §5.2: bad_record_mac is fatal). Requests always bring application bytes, so this costs
     * the request path nothing.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        boolean applicationData = readSinceComplete;
        readSinceComplete = false;
        if (handshaken && !applicationData) {
            ctx.flush();
        }
        super.channelReadComplete(ctx);
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
