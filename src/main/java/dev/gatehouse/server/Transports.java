package dev.gatehouse.server;

import dev.gatehouse.config.IoTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdaptiveBufferRingAllocator;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.time.Duration;

/**
 * The event-loop transport the server runs on ({@code server.transport}): native io_uring or epoll on
 * Linux, NIO anywhere. {@code auto} takes io_uring where it loads, else epoll, else NIO (see
 * {@link #choose}); io_uring measured 10-20 % more requests per core than epoll on every workload of
 * docs/performance.md. A transport named explicitly must load or start-up stops with the reason.
 * Sockets passed by systemd can only be adopted by epoll (Netty's io_uring server channel cannot wrap
 * an existing descriptor), so {@code auto} uses epoll then.
 */
enum Transports {
    EPOLL("epoll"),
    IO_URING("io_uring"),
    NIO("nio");

    /** The one buffer group of a loop's ring. */
    private static final short BUFFER_GROUP = 0;
    /** Buffers a ring starts with and grows by when a burst of reads finds it empty. */
    private static final int BUFFER_BATCH = 16;

    private final String label;

    Transports(String label) {
        this.label = label;
    }

    /**
     * The transport for {@code wanted}, or an exception whose message names the key and the reason.
     * The one place that decides, socket activation included: only epoll can adopt sockets systemd
     * passed, so {@code auto} takes it then, and anything else is refused before a loop starts.
     *
     * @param adopting whether systemd passed listening sockets
     */
    static Transports choose(IoTransport wanted, boolean adopting) {
        Transports chosen = switch (wanted) {
            case EPOLL -> {
                require(Epoll.isAvailable(), "epoll", Epoll.unavailabilityCause());
                yield EPOLL;
            }
            case IO_URING -> {
                require(IoUring.isAvailable(), "io_uring", IoUring.unavailabilityCause());
                yield IO_URING;
            }
            case NIO -> NIO;
            case AUTO -> !adopting && IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
        };
        if (adopting && chosen != EPOLL) {
            throw new IllegalStateException("server.transport: \"" + chosen.label + "\" cannot adopt the sockets "
                    + "systemd passed (only epoll can" + (wanted == IoTransport.AUTO ? ", and it does not load here" : "")
                    + "); use epoll or auto with socket activation");
        }
        return chosen;
    }

    private static void require(boolean available, String name, Throwable cause) {
        if (!available) {
            throw new IllegalStateException("server.transport: \"" + name + "\" is not available on this machine ("
                    + (cause == null ? "unknown reason" : cause.getMessage()) + ")");
        }
    }

    /**
     * @param bufferRing {@code server.io-uring-buffer-ring} (0 = off); only io_uring uses it, and only
     *     where {@link #sharesReadBuffers} says the kernel can
     */
    IoHandlerFactory ioHandlerFactory(int bufferRing) {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> sharesReadBuffers(bufferRing)
                    ? IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setBufferRingConfig(
                            IoUringBufferRingConfig.builder()
                                    .bufferGroupId(BUFFER_GROUP)
                                    .bufferRingSize((short) bufferRing)
                                    .batchSize(Math.min(BUFFER_BATCH, bufferRing))
                                    // A buffer per read: the incremental mode (one buffer consumed
                                    // by several reads) measured slower per handshake (session 14).
                                    .incremental(false)
                                    .allocator(new IoUringAdaptiveBufferRingAllocator())
                                    .build()))
                    : IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    /**
     * Whether connections read into buffers the event loop provides to the kernel (an io_uring buffer
     * ring, Linux 5.19+) instead of each into its own: one receive request stays armed per connection
     * (multishot), where each read otherwise costs a new one, and an idle connection holds no buffer.
     * Measured 5-6 % less server CPU per full TLS handshake (docs/performance.md, session 14).
     */
    boolean sharesReadBuffers(int bufferRing) {
        return this == IO_URING && bufferRing > 0 && IoUring.isRegisterBufferRingSupported();
    }

    /** The child-channel option that picks the ring, where {@link #sharesReadBuffers}. */
    static void useBufferRing(ServerBootstrap bootstrap) {
        bootstrap.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, BUFFER_GROUP);
    }

    /**
     * {@code listener.*.defer-accept}: the kernel hands a connection over only once the client has sent
     * its first bytes ({@code TCP_DEFER_ACCEPT}), so the loop wakes once for the connection and its
     * ClientHello instead of once for each. Measured: 1.09 sleeps of the loop per full TLS handshake
     * instead of 1.70; the CPU it saves per handshake (up to 3 % in one JVM, switched at run time) is
     * within the bench's spread (docs/performance.md, session 15). A client that stays silent is
     * handed over anyway once the time is up. NIO has no such option: there the key does nothing.
     */
    void deferAccept(ServerBootstrap bootstrap, Duration wait) {
        int seconds = (int) wait.toSeconds();
        if (seconds == 0) {
            return;
        }
        switch (this) {
            case IO_URING -> bootstrap.option(IoUringChannelOption.TCP_DEFER_ACCEPT, seconds);
            case EPOLL -> bootstrap.option(EpollChannelOption.TCP_DEFER_ACCEPT, seconds);
            case NIO -> {
                // no TCP_DEFER_ACCEPT in java.nio
            }
        }
    }

    /**
     * The same for a listening socket systemd passed (always epoll, see {@link #choose}), set once it is
     * adopted: the key applies whatever the socket unit set ({@code DeferAcceptSec=}); {@code off}
     * turns it off.
     */
    static void deferAccept(Channel adopted, Duration wait) {
        adopted.config().setOption(EpollChannelOption.TCP_DEFER_ACCEPT, (int) wait.toSeconds());
    }

    Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** Wraps a listening socket inherited from systemd ({@link #choose} allows only epoll then). */
    static ServerChannel inheritedServerChannel(int fd) {
        return new EpollServerSocketChannel(fd);
    }

    String label() {
        return label;
    }
}
