package dev.gatehouse.server;

import dev.gatehouse.config.PlainMode;
import dev.gatehouse.config.ServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The plain-HTTP connection, HTTP/1.1 in the {@code listener.http.mode} of the configuration:
 * {@code redirect} (308 to HTTPS, ACME challenges served), {@code serve} (the site itself, files as
 * zero-copy regions), {@code upgrade} (RFC 2817 to TLS on this connection, 426 otherwise) or
 * {@code upgrade+redirect} (upgrade when asked, 308 otherwise).
 */
final class PlainChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Handler names of {@link #http1}, removed again by an RFC 2817 upgrade. */
    static final String[] HTTP1_HANDLERS = {"write-timeout", "timeouts", "obs-fold", "http", "http-encoder", "limits",
            "chunked", "requests"};

    private final Supplier<ServerState> state;
    private final ConnectionTracker tracker;
    private final PlainDispatcher redirect;
    private final ServeDispatcher serve;
    private final HttpsChannelInitializer https;
    private final ConnectionLimiter limiter;
    private final RateLimiter rateLimiter;

    PlainChannelInitializer(Supplier<ServerState> state, ConnectionTracker tracker, IntSupplier httpsPort,
            ConnectionLimiter limiter, RateLimiter rateLimiter, HttpsChannelInitializer https) {
        this.state = state;
        this.tracker = tracker;
        this.redirect = new PlainDispatcher(state, httpsPort);
        this.serve = new ServeDispatcher(https.dispatcher());
        this.https = https;
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
        PlainMode mode = config.plainMode();
        RequestHandler.Dispatcher dispatcher = switch (mode) {
            case SERVE -> serve;
            case UPGRADE -> UpgradeRequiredDispatcher.INSTANCE;
            default -> redirect;
        };
        http1(ch, config, tracker, dispatcher, rateLimiter);
        if (mode.upgrades()) {
            ch.pipeline().addBefore("requests", "tls-upgrade", new TlsUpgradeHandler(https::startTls));
        }
        ProxyProtocol.install(ch.pipeline(), config.ops().proxyHttp(), config.ops().trustedProxies());
    }

    /** Plain HTTP/1.1; also used for plain requests that port unification found on the HTTPS port. */
    static void http1(Channel ch, ServerConfig config, ConnectionTracker tracker,
            RequestHandler.Dispatcher dispatcher, RateLimiter rateLimiter) {
        RequestTimeouts timeouts = new RequestTimeouts(config.timeouts().idle(), config.timeouts().requestHeader());
        ChannelPipeline p = ch.pipeline();
        p.addLast("write-timeout", new WriteTimeout(config.timeouts().write()));
        p.addLast("timeouts", timeouts);
        ObsFoldGuard foldGuard = new ObsFoldGuard();
        p.addLast("obs-fold", foldGuard);
        HttpsChannelInitializer.HttpCodecs.install(p, config);
        p.addLast("limits", new RequestLimits(config.limits(), rateLimiter, config.timeouts().requestBody(), foldGuard));
        p.addLast("chunked", new ChunkedWriteHandler());
        // Zero-copy sendfile: plain connections only (TLS must see the bytes).
        p.addLast("requests", new RequestHandler(dispatcher, tracker, timeouts, true, config.accessLog()));
    }
}
