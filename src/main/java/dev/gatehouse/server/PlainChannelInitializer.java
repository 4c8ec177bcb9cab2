package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** The plain-HTTP connection: HTTP/1.1 that redirects to HTTPS and serves ACME challenges. */
final class PlainChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<ServerState> state;
    private final ConnectionTracker tracker;
    private final PlainDispatcher dispatcher;
    private final ConnectionLimiter limiter;
    private final RateLimiter rateLimiter;

    PlainChannelInitializer(Supplier<ServerState> state, ConnectionTracker tracker, IntSupplier httpsPort,
            ConnectionLimiter limiter, RateLimiter rateLimiter) {
        this.state = state;
        this.tracker = tracker;
        this.dispatcher = new PlainDispatcher(state, httpsPort);
        this.limiter = limiter;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerConfig config = state.get().config();
        if (!limiter.admit(ch)) {
            return;
        }
        tracker.add(ch);
        RequestTimeouts timeouts = new RequestTimeouts(config.timeouts().idle(), config.timeouts().requestHeader());
        ChannelPipeline p = ch.pipeline();
        p.addLast("write-timeout", new WriteTimeoutHandler(config.timeouts().write().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("timeouts", timeouts);
        ObsFoldGuard foldGuard = new ObsFoldGuard();
        p.addLast("obs-fold", foldGuard);
        p.addLast("http", HttpsChannelInitializer.HttpCodecs.server(config));
        p.addLast("limits", new RequestLimits(config.limits(), rateLimiter, config.timeouts().requestBody(), foldGuard));
        p.addLast("chunked", new ChunkedWriteHandler());
        p.addLast("requests", new RequestHandler(dispatcher, tracker, timeouts, true, config.accessLog()));
        ProxyProtocol.install(p, config.ops().proxyHttp(), config.ops().trustedProxies());
    }
}
