package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTPS connection: TLS (site and context chosen from the SNI name against the state current at
 * handshake time, so a reload applies to new connections only), then HTTP/1.1. ALPN offers http/1.1 only for now.
 */
final class HttpsChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<ServerState> state;
    private final ConnectionTracker tracker;
    private final HttpsDispatcher dispatcher;
    private final ConnectionLimiter limiter;
    private final RateLimiter rateLimiter;

    HttpsChannelInitializer(Supplier<ServerState> state, ConnectionTracker tracker, ConnectionLimiter limiter,
            RateLimiter rateLimiter) {
        this.state = state;
        this.tracker = tracker;
        this.dispatcher = new HttpsDispatcher(state);
        this.limiter = limiter;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerState current = state.get();
        ServerConfig config = current.config();
        if (!limiter.admit(ch)) {
            return;
        }
        tracker.add(ch);
        // Replaced by an SslHandler named "tls" once the ClientHello's SNI has chosen the site.
        SiteSniHandler ssl = new SiteSniHandler(state, config.timeouts().handshake().toMillis());
        RequestTimeouts timeouts = new RequestTimeouts(config.timeouts().idle(), config.timeouts().requestHeader());
        ChannelPipeline p = ch.pipeline();
        p.addLast("tls", ssl);
        p.addLast("write-timeout", new WriteTimeoutHandler(config.timeouts().write().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("handshake-log", new HandshakeLogger());
        p.addLast("handshake-metrics", new TlsSessionRecorder());
        p.addLast("timeouts", timeouts);
        ObsFoldGuard foldGuard = new ObsFoldGuard();
        p.addLast("obs-fold", foldGuard);
        p.addLast("http", HttpCodecs.server(config));
        p.addLast("limits", new RequestLimits(config.limits(), rateLimiter, config.timeouts().requestBody(), foldGuard));
        p.addLast("chunked", new ChunkedWriteHandler());
        p.addLast("requests", new RequestHandler(dispatcher, tracker, timeouts, false, config.accessLog()));
        ProxyProtocol.install(p, config.ops().proxyHttps(), config.ops().trustedProxies());
    }

    /** Shared by the plain initializer so both parse requests with the same limits. */
    static final class HttpCodecs {
        private HttpCodecs() {
        }

        static HttpServerCodec server(ServerConfig config) {
            return new HttpServerCodec(new io.netty.handler.codec.http.HttpDecoderConfig()
                    .setMaxInitialLineLength(config.limits().maxInitialLineLength())
                    .setMaxHeaderSize(config.limits().maxHeaderSize())
                    .setMaxChunkSize(16 * 1024)
                    .setValidateHeaders(true));
        }
    }
}
