package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.metrics.Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The HTTP/1.1 hot path without TLS: a keep-alive GET of a cached 1 KiB file through the real codec,
 * limits, request handler, dispatcher, router and static-file handler, in an EmbeddedChannel. Run
 * with {@code scripts/jmh StaticRequestBenchmark -prof gc} to see allocation per request.
 * Also the cost of one request's metrics record, to show it is negligible next to the request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StaticRequestBenchmark {

    private EmbeddedChannel channel;
    private byte[] request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // One endless keep-alive connection.
        BenchmarkSite site = BenchmarkSite.create(Map.of("limits.max-requests-per-connection", "2147483647"));
        ServerConfig config = site.config();
        ServerState state = site.state();
        ConnectionTracker tracker = new ConnectionTracker();
        RequestTimeouts timeouts = new RequestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
        RateLimiter rate = new RateLimiter(0, 1, 1, System::nanoTime);
        ObsFoldGuard fold = new ObsFoldGuard();
        channel = new EmbeddedChannel();
        tracker.add(channel);
        channel.pipeline().addLast("timeouts", timeouts).addLast("obs-fold", fold);
        HttpsChannelInitializer.HttpCodecs.install(channel.pipeline(), config);
        channel.pipeline().addLast("limits", new RequestLimits(config.limits(), rate, Duration.ofSeconds(60), fold))
                .addLast("chunked", new ChunkedWriteHandler())
                .addLast("requests", new RequestHandler(new HttpsDispatcher(() -> state), tracker, timeouts, false, false));
        request = "GET /1k.bin HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: jmh\r\nAccept: */*\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int getCachedSmallFile() {
        channel.writeInbound(Unpooled.wrappedBuffer(request));
        int bytes = 0;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            if (out instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            io.netty.util.ReferenceCountUtil.release(out);
        }
        return bytes;
    }

    @Benchmark
    public void recordMetrics(Blackhole bh) {
        Metrics.global().request("default", "GET", 200, "HTTP/1.1", 1024, 15_000);
    }
}
