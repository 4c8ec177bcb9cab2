package dev.gatehouse.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll on Linux when it loads (lower latency, fewer copies), NIO elsewhere. */
final class Transports {

    private Transports() {
    }

    static boolean epoll() {
        return Epoll.isAvailable() && !Boolean.getBoolean("gatehouse.nio");
    }

    static IoHandlerFactory ioHandlerFactory() {
        return epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Wraps a listening socket inherited from systemd (epoll only). */
    static ServerChannel inheritedServerChannel(int fd) {
        return new EpollServerSocketChannel(fd);
    }

    static String name() {
        return epoll() ? "epoll" : "nio";
    }
}
