package dev.gatehouse.systemd;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Plays systemd's side of NOTIFY_SOCKET in tests: a bound Unix datagram socket collecting messages. */
public final class NotifyReceiver implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final EpollDomainDatagramChannel channel;

    /** @param address a file path, or "\0name" for the abstract namespace */
    public NotifyReceiver(String address) throws InterruptedException {
        channel = new EpollDomainDatagramChannel();
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket msg) {
                messages.add(msg.content().toString(StandardCharsets.UTF_8));
            }
        });
        group.register(channel).sync();
        channel.bind(new DomainSocketAddress(address)).sync();
    }

    /** The next message, or null after 10 s. */
    public String next() throws InterruptedException {
        return messages.poll(10, TimeUnit.SECONDS);
    }

    /** The next message containing {@code needle}, skipping others (e.g. WATCHDOG=1); null after 10 s. */
    public String nextContaining(String needle) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            if (m.contains(needle)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }
}
