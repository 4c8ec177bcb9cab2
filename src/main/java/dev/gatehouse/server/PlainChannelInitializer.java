package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The plain-HTTP connection: HTTP/1.1 that redirects to HTTPS and serves ACME challenges. */
final class PlainChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<ServerState> state;
    private final ConnectionTracker tracker;
    private final PlainDispatcher dispatcher;

    PlainChannelInitializer(Supplier<ServerState> state, ConnectionTracker tracker, IntSupplier httpsPort) {
        this.state = state;
        this.tracker = tracker;
        this.dispatcher = new PlainDispatcher(state, httpsPort);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerConfig config = state.get().config();
        tracker.add(ch);
        RequestTimeouts timeouts = new RequestTimeouts(config.timeouts().idle(), config.timeouts().requestHeader());
        ChannelPipeline p = ch.pipeline();
        p.addLast("timeouts", timeouts);
        p.addLast("http", HttpsChannelInitializer.HttpCodecs.server(config));
        p.addLast("chunked", new ChunkedWriteHandler());
        p.addLast("requests", new RequestHandler(dispatcher, tracker, timeouts, true, config.accessLog()));
        ProxyProtocol.install(p, config.ops().proxyHttp(), config.ops().trustedProxies());
    }
}
