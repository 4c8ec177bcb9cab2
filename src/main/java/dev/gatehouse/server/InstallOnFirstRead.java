package dev.gatehouse.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Consumer;

/**
 * Contract: stands, last in the pipeline, for a protocol's handlers (codec, limits, request loop, write
 * timeout) until the connection's first application bytes arrive; then has them appended, leaves, and
 * hands them those bytes as if they had been there all along. Until then an error on the connection
 * is reported and closes it, as the request loop would have done.
 *
 * <p>Why: a TLS connection that completed its handshake but has not sent a request yet (a browser's
 * spare connection, a client pool's, a load test's idle set) used to carry the whole HTTP/1.1 or
 * HTTP/2 machinery: about 1.1 KiB (HTTP/1.1) to 5 KiB (HTTP/2, with its HPACK tables and stream
 * maps) of Java objects per connection (issue 9, W6). The idle and request-head clocks
 * ({@link RequestTimeouts}) sit below this handler and run as before. Nothing on the request path
 * changes: the handlers are the same, installed one read later.
 *
 * <p>For HTTP/2 this means the server's SETTINGS frame goes out once the client's preface has arrived
 * rather than right after the handshake; RFC 9113 §3.4 lets the client send its preface and requests
 * without waiting for it, and asks only that SETTINGS be the server's first frame, which it still is.
 *
 * <p>One subclass per protocol, each with its own {@code channelRead}: with a single method for both,
 * the JIT compiled the HTTP/1.1 installer into it while only HTTP/1.1 connections came, and the first
 * HTTP/2 connection threw that code away (a {@code class_check} trap); it was compiled again, up to
 * 0.12 s of C2, under the next burst of new connections (docs/performance.md, "Session 16").
 */
abstract sealed class InstallOnFirstRead extends ChannelInboundHandlerAdapter
        permits InstallOnFirstRead.Http1, InstallOnFirstRead.Http2 {

    final Consumer<ChannelHandlerContext> install;

    /** @param install appends the protocol's handlers to the pipeline (after this, the last handler) */
    private InstallOnFirstRead(Consumer<ChannelHandlerContext> install) {
        this.install = install;
    }

    static InstallOnFirstRead http1(Consumer<ChannelHandlerContext> install) {
        return new Http1(install);
    }

    static InstallOnFirstRead http2(Consumer<ChannelHandlerContext> install) {
        return new Http2(install);
    }

    /** Leaves the pipeline and passes the first bytes to the handlers just installed. */
    final void handOver(ChannelHandlerContext ctx, Object msg) {
        ctx.pipeline().remove(this);
        // A removed context still forwards to what followed it: the handlers just appended.
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        RequestHandler.connectionFailed(ctx, cause);
    }

    static final class Http1 extends InstallOnFirstRead {
        private Http1(Consumer<ChannelHandlerContext> install) {
            super(install);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            install.accept(ctx); // in each subclass: see the class comment
            handOver(ctx, msg);
        }
    }

    static final class Http2 extends InstallOnFirstRead {
        private Http2(Consumer<ChannelHandlerContext> install) {
            super(install);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            install.accept(ctx); // in each subclass: see the class comment
            handOver(ctx, msg);
        }
    }
}
