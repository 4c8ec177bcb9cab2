package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.IoTransport;
import dev.gatehouse.config.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The loops accept as well as serve, so a loop whose task queue never empties (downloads' flush
 * continuations) must still look at its sockets often: with Netty's default quantum of a second, 38 of
 * 100 clients got no byte within 30 s while 62 downloaded (scripts/large-file-memory, epoll).
 */
class IoLoopGroupTest {

    @Test
    void aLoopBusyWithTasksStillAcceptsPromptly() throws Exception {
        Transports transport = Transports.choose(IoTransport.AUTO, false);
        IoLoopGroup group = new IoLoopGroup(1, "test-io", transport.ioHandlerFactory(ServerConfig.DEFAULT_BUFFER_RING));
        AtomicBoolean stop = new AtomicBoolean();
        try {
            CountDownLatch accepted = new CountDownLatch(1);
            Channel listener = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            accepted.countDown();
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            EventLoop loop = listener.eventLoop();
            // A task that queues itself again after 0.2 ms of work: the queue is never empty.
            CountDownLatch busy = new CountDownLatch(1);
            loop.execute(new Runnable() {
                @Override
                public void run() {
                    busy.countDown();
                    long until = System.nanoTime() + 200_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    if (!stop.get()) {
                        loop.execute(this);
                    }
                }
            });
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            long start = System.nanoTime();
            try (Socket client = new Socket("127.0.0.1", port)) {
                // 10 ms between looks at the sockets; Netty's default would be up to 1,000 ms.
                assertThat(accepted.await(500, TimeUnit.MILLISECONDS))
                        .as("accepted within 500 ms while the loop's queue stays full").isTrue();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
            stop.set(true);
            listener.close().sync();
        } finally {
            stop.set(true);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
