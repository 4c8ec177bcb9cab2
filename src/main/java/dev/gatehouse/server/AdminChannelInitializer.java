package dev.gatehouse.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/**
 * The admin connection: plain HTTP/1.1, small requests only (8 KiB), closed after 30 s without a
 * request. Not tracked by the {@link ConnectionTracker}: it must keep answering {@code /health}
 * while the public listeners drain.
 */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final AdminHandler handler;

    AdminChannelInitializer(AdminHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("idle", new ReadTimeoutHandler(30))
                .addLast("http", new HttpServerCodec(4096, 8192, 8192))
                .addLast("aggregate", new HttpObjectAggregator(8192))
                .addLast("admin", handler);
    }
}
