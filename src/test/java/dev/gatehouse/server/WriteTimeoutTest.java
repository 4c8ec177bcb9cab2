package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The write clock in an EmbeddedChannel whose "socket" (a handler in front of the timeout) holds
 * write promises until the test completes them: a peer that takes no data is cut off one timeout
 * after the last progress, one that keeps taking data never is. Time is advanced, never slept.
 */
class WriteTimeoutTest {

    /** Plays the socket: keeps each write pending until {@link #drainOne}. */
    private static final class HeldWrites extends ChannelOutboundHandlerAdapter {
        final ArrayDeque<ChannelPromise> held = new ArrayDeque<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ReferenceCountUtil.release(msg);
            held.add(promise);
        }

        void drainOne() {
            held.poll().setSuccess();
        }
    }

    private final HeldWrites socket = new HeldWrites();
    private final List<Throwable> seen = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(socket, new WriteTimeout(Duration.ofSeconds(10)),
            new ChannelDuplexHandler() {
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    seen.add(cause);
                }
            });

    @Test
    void aStalledWriteClosesTheConnectionOneTimeoutLater() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isActive()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(seen).containsExactly(WriteTimeoutException.INSTANCE);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void writesThatKeepCompletingAreNeverCutOff() {
        for (int i = 0; i < 10; i++) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
            channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
            channel.advanceTimeBy(6, TimeUnit.SECONDS); // 60 s in all, always one write pending
            socket.drainOne();
            channel.runScheduledPendingTasks();
        }
        assertThat(seen).isEmpty();
        assertThat(channel.isActive()).isTrue();
        // Progress stops: cut off 10 s after the last completed write.
        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(seen).containsExactly(WriteTimeoutException.INSTANCE);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void anIdleConnectionWithNothingPendingIsLeftAlone() {
        channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[10]));
        socket.drainOne();
        channel.advanceTimeBy(600, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(seen).isEmpty();
        assertThat(channel.isActive()).isTrue();
    }
}
