package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.metrics.Metrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The HTTPS connection: TLS (site and context chosen from the SNI name against the state current at
 * handshake time, so a reload applies to new connections only), then whatever ALPN picked: HTTP/2
 * ({@link Http2Connection}) or HTTP/1.1. With {@code listener.https.unified} a {@link TlsDetector}
 * goes first and sends plain HTTP to a redirecting HTTP/1.1 pipeline. {@link #startTls} is also the
 * second half of an RFC 2817 upgrade on the plain port.
 */
final class HttpsChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final Supplier<ServerState> state;
    private final ConnectionTracker tracker;
    private final HttpsDispatcher dispatcher;
    private final PlainDispatcher redirect;
    private final ConnectionLimiter limiter;
    private final RateLimiter rateLimiter;

    HttpsChannelInitializer(Supplier<ServerState> state, ConnectionTracker tracker, ConnectionLimiter limiter,
            RateLimiter rateLimiter, IntSupplier httpsPort) {
        this.state = state;
        this.tracker = tracker;
        this.dispatcher = new HttpsDispatcher(state);
        this.redirect = new PlainDispatcher(state, httpsPort);
        this.limiter = limiter;
        this.rateLimiter = rateLimiter;
    }

    HttpsDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ServerConfig config = state.get().config();
        if (!limiter.admit(ch)) {
            return;
        }
        tracker.add(ch);
        if (config.protocols().unified()) {
            ch.pipeline().addLast("detect", new TlsDetector(new TlsDetector.Pipelines() {
                @Override
                public void tls(ChannelHandlerContext ctx) {
                    startTls(ctx.channel(), null);
                }

                @Override
                public void plain(ChannelHandlerContext ctx) {
                    // Counted like the handshake failure it would be without unification.
                    Metrics.global().handshake(null, null, "plain_http");
                    PlainChannelInitializer.http1(ctx.channel(), state.get().config(), tracker, redirect,
                            rateLimiter);
                }
            }));
        } else {
            startTls(ch, null);
        }
        // In front of everything (also of the detector): the PROXY header comes first on the wire.
        ProxyProtocol.install(ch.pipeline(), config.ops().proxyHttps(), config.ops().trustedProxies());
    }

    /**
     * Appends TLS and the ALPN switch to the pipeline.
     *
     * @param upgraded the request that asked for an RFC 2817 upgrade, answered over TLS once the
     *                 handshake is done (RFC 2817 §3.3); null otherwise
     */
    void startTls(Channel ch, HttpRequest upgraded) {
        ServerState current = state.get();
        ServerConfig config = current.config();
        // Replaced by an SslHandler named "tls" once the ClientHello's SNI has chosen the site.
        SiteSniHandler ssl = new SiteSniHandler(state, config.timeouts().handshake().toMillis());
        RequestTimeouts timeouts = new RequestTimeouts(config.timeouts().idle(), config.timeouts().requestHeader());
        ChannelPipeline p = ch.pipeline();
        p.addLast("tls", ssl);
        p.addLast("handshake-log", new HandshakeLogger());
        p.addLast("handshake-metrics", new TlsSessionRecorder());
        p.addLast("timeouts", timeouts);
        p.addLast("alpn", new AlpnSwitch(new AlpnSwitch.Pipelines() {
            @Override
            public void http1(ChannelHandlerContext ctx) {
                ChannelPipeline p = ctx.pipeline();
                if (upgraded == null) {
                    // Until the first request arrives the connection holds no HTTP/1.1 machinery.
                    p.addLast("start", http1OnFirstRead(config, timeouts));
                    return;
                }
                installHttp1(p, config, timeouts);
                p.context("http").fireChannelRead(upgraded);
                p.context("http").fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
            }

            @Override
            public void http2(ChannelHandlerContext ctx) {
                // (After an RFC 2817 upgrade a client that picked h2 gets no answer to its HTTP/1.1
                // request: it cannot be answered on an HTTP/2 connection. No known client does this.)
                // The codec, its HPACK tables and stream maps wait for the client's preface.
                ctx.pipeline().addLast("start", http2OnFirstRead(config, timeouts));
            }
        }));
    }

    // Built here, not in the ALPN callbacks: a lambda made there would keep the callbacks object
    // alive for as long as the connection waits for its first bytes.
    private InstallOnFirstRead http1OnFirstRead(ServerConfig config, RequestTimeouts timeouts) {
        return InstallOnFirstRead.http1(c -> installHttp1(c.pipeline(), config, timeouts));
    }

    private InstallOnFirstRead http2OnFirstRead(ServerConfig config, RequestTimeouts timeouts) {
        return InstallOnFirstRead.http2(c -> {
            c.pipeline().addLast("write-timeout", new WriteTimeout(config.timeouts().write()));
            Http2Connection.configure(c.pipeline(), config, tracker, dispatcher, timeouts, rateLimiter);
        });
    }

    /**
     * The HTTP/1.1 request path after TLS: the write timeout (which only application writes need:
     * the handshake's are the TLS handler's own), the codec, the limits and the request loop.
     */
    private void installHttp1(ChannelPipeline p, ServerConfig config, RequestTimeouts timeouts) {
        p.addLast("write-timeout", new WriteTimeout(config.timeouts().write()));
        ObsFoldGuard foldGuard = new ObsFoldGuard();
        p.addLast("obs-fold", foldGuard);
        HttpCodecs.install(p, config);
        p.addLast("limits", new RequestLimits(config.limits(), rateLimiter, config.timeouts().requestBody(),
                foldGuard));
        p.addLast("chunked", new ChunkedWriteHandler());
        p.addLast("requests", new RequestHandler(dispatcher, tracker, timeouts, false, config.accessLog()));
    }

    /**
     * The HTTP/1.1 codec, shared by the plain initializer so both parse requests with the same limits:
     * a request decoder ({@code http}) and a response encoder ({@code http-encoder}) as two handlers
     * rather than Netty's {@code HttpServerCodec}. Why: small complete responses are encoded by
     * {@link ResponseWriter} itself and written below the encoder; HttpServerCodec would still queue
     * every request's method for an encoder that never sees the response. Without that queue the
     * encoder cannot tell HEAD responses apart, which it needs not: we never write a body for HEAD.
     */
    static final class HttpCodecs {
        static final String DECODER = "http";
        static final String ENCODER = "http-encoder";

        private HttpCodecs() {
        }

        static void install(ChannelPipeline p, ServerConfig config) {
            p.addLast(DECODER, decoder(config));
            p.addLast(ENCODER, new HttpResponseEncoder());
        }

        static HttpRequestDecoder decoder(ServerConfig config) {
            return new HttpRequestDecoder(new io.netty.handler.codec.http.HttpDecoderConfig()
                    .setMaxInitialLineLength(config.limits().maxInitialLineLength())
                    .setMaxHeaderSize(config.limits().maxHeaderSize())
                    .setMaxChunkSize(16 * 1024)
                    .setValidateHeaders(true));
        }
    }
}
