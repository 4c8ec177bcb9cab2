package dev.gatehouse.server;

import dev.gatehouse.config.Http2Config;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.logging.ExpectedExceptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles one HTTP/2 connection after ALPN chose {@code h2}: Netty's frame codec with our
 * settings and attack limits, one {@link Http2RequestHandler} for all its streams, and the
 * {@link Http2Guard} behind them. Holds what the streams of this connection share and counts them,
 * so the connection's idle clock only runs while no stream is open.
 */
final class Http2Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Http2Connection.class);

    /** CVE-2023-44487 (rapid reset): more RST_STREAMs than this per window closes the connection. */
    static final int MAX_RST_FRAMES = 200;
    static final int RST_WINDOW_SECONDS = 30;
    /** Control frames (PING/SETTINGS acks) queued for a peer that does not read: then GOAWAY. */
    static final int MAX_QUEUED_CONTROL_FRAMES = 1000;
    /**
     * RST_STREAMs we may send per window before GOAWAY(ENHANCE_YOUR_CALM): a peer that keeps making
     * us refuse its streams (repeated HPACK bombs, malformed streams: "MadeYouReset") is not an honest
     * client, while one refused stream, e.g. a browser's oversized cookie, gets its 431 and goes on.
     */
    static final int MAX_SENT_RST_FRAMES = 100;

    private final ConnectionTracker tracker;
    private final RequestHandler.Dispatcher dispatcher;
    private final RequestTimeouts timeouts;
    private final boolean accessLog;
    private final long streamIdleNanos;
    private final dev.gatehouse.config.LimitsConfig limits;
    private final RateLimiter rateLimiter;
    private int open;

    private Http2Connection(ConnectionTracker tracker, RequestHandler.Dispatcher dispatcher, RequestTimeouts timeouts,
            ServerConfig config, RateLimiter rateLimiter) {
        this.tracker = tracker;
        this.limits = config.limits();
        this.rateLimiter = rateLimiter;
        this.dispatcher = dispatcher;
        this.timeouts = timeouts;
        this.accessLog = config.accessLog();
        this.streamIdleNanos = config.timeouts().idle().toNanos();
    }

    static void configure(ChannelPipeline p, ServerConfig config, ConnectionTracker tracker,
            RequestHandler.Dispatcher dispatcher, RequestTimeouts timeouts, RateLimiter rateLimiter) {
        Http2Connection connection = new Http2Connection(tracker, dispatcher, timeouts, config, rateLimiter);
        tracker.markHttp2(p.channel());
        Http2Guard guard = new Http2Guard();
        Http2FrameCodec codec = codec(config);
        codec.connection().addListener(new io.netty.handler.codec.http2.Http2ConnectionAdapter() {
            @Override
            public void onGoAwaySent(int lastStreamId, long errorCode, io.netty.buffer.ByteBuf debugData) {
                if (errorCode == io.netty.handler.codec.http2.Http2Error.ENHANCE_YOUR_CALM.code()) {
                    guard.report(p.channel(), "ENHANCE_YOUR_CALM: "
                            + debugData.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        });
        Http2RequestHandler requests = new Http2RequestHandler(connection, codec, connection.streamIdleNanos);
        // In place of the codec's own listener, which turned every change into a pipeline event for
        // each stream (about 1.4 % of a small HTTP/2 request's cost, W2 profile); only file bodies
        // waiting for window care, and the handler looks them up directly.
        codec.connection().remote().flowController().listener(requests::writabilityChanged);
        p.addLast("h2", codec);
        p.addLast("h2-requests", requests);
        p.addLast("h2-guard", guard);
    }

    /** The per-request limits of HTTP/1.1, answered per stream (413, 429, 431), or null when within them. */
    dev.gatehouse.http.Reply refusal(io.netty.channel.Channel connection, io.netty.handler.codec.http.HttpRequest request) {
        return RequestLimits.refusal(limits, rateLimiter, connection, request);
    }

    static Http2FrameCodec codec(ServerConfig config) {
        Http2Config h2 = config.protocols().http2();
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(h2.maxConcurrentStreams())
                .initialWindowSize(h2.initialWindowSize())
                .maxFrameSize(h2.maxFrameSize())
                .maxHeaderListSize(h2.maxHeaderListSize());
        return new CodecBuilder()
                .initialSettings(settings)
                .validateHeaders(true)
                // A request id is new in every response: indexing it in the HPACK table only evicted
                // the fields that do repeat (about 4 % of a small HTTP/2 response's cost).
                .headerSensitivityDetector((name, value) -> RequestRecord.X_REQUEST_ID.contentEqualsIgnoreCase(name))
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_SENT_RST_FRAMES, RST_WINDOW_SECONDS)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .gracefulShutdownTimeoutMillis(Math.max(0, config.timeouts().shutdownGrace().toMillis()))
                .build();
    }

    /**
     * Netty's frame-codec builder, except that the connection's outbound bytes are shared among
     * streams by {@link UniformStreamByteDistributor} instead of the default weighted fair queue. Why:
     * that queue keeps RFC 7540's priority tree, which RFC 9113 deprecated and today's browsers no
     * longer drive, and maintaining it was about 4 % of a small HTTP/2 request's cost (W2 profile);
     * the uniform distributor still shares the connection fairly among the streams that have data.
     */
    private static final class CodecBuilder extends Http2FrameCodecBuilder {
        CodecBuilder() {
            DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
            connection.remote().flowController(
                    new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
            connection(connection);
        }

        /** Response heads and small bodies are written by {@link DirectResponseEncoder} in front of Netty's encoder. */
        @Override
        protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                Http2Settings initialSettings) {
            return super.build(decoder, new DirectResponseEncoder(encoder), initialSettings);
        }
    }

    ConnectionTracker tracker() {
        return tracker;
    }

    RequestHandler.Dispatcher dispatcher() {
        return dispatcher;
    }

    boolean accessLog() {
        return accessLog;
    }

    void streamStarted() {
        if (open++ == 0) {
            timeouts.headReceived();
        }
    }

    void streamFinished() {
        if (--open == 0) {
            timeouts.responseDone();
        }
    }

    /** How long a drained connection stays open after its last byte went out (see closeWhenIdle). */
    static final long LINGER_MILLIS = 200;

    /**
     * Closes a draining HTTP/2 connection once the codec has no active stream left. Not through
     * Netty's graceful {@code close()} while streams are open: it closes from inside the write of the
     * last DATA frame, before that frame is flushed, and the end of the body is lost. Our own response
     * futures can complete before the flow controller has sent the last frames, so the codec's stream
     * count is the authority. The short linger lets the peer read the tail before the socket closes
     * (closing with its WINDOW_UPDATEs unread would send a TCP reset that can discard them).
     * Bounded: GatehouseServer.stop closes whatever is left when the grace period ends.
     */
    static void closeWhenIdle(Channel connection) {
        Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
        if (codec == null) {
            connection.close();
            return;
        }
        connection.eventLoop().execute(new Runnable() {
            @Override
            public void run() {
                if (!connection.isActive()) {
                    return;
                }
                if (codec.connection().numActiveStreams() == 0) {
                    connection.flush();
                    connection.eventLoop().schedule(() -> {
                        connection.close();
                    }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
                } else {
                    connection.eventLoop().schedule(this, 10, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    static void logStreamError(Channel connection, Throwable cause) {
        if (ExpectedExceptions.isExpected(cause)) {
            LOG.debug("stream of {} ended: {}", connection.remoteAddress(), cause.toString());
        } else {
            LOG.warn("resetting a stream of {}: {}", connection.remoteAddress(), cause.toString());
            LOG.debug("detail", cause);
        }
    }
}
