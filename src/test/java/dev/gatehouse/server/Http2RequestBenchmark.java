package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
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

/**
 * The HTTP/2 request path without TLS or sockets: a client frame codec and the server's HTTP/2
 * pipeline ({@link Http2Connection#configure}: frame codec, {@link Http2RequestHandler}, guard) in two
 * EmbeddedChannels that hand each other their bytes. One operation is one GET of a cached 1 KiB file
 * on a new stream, until the client has the response's last DATA frame; HPACK, flow control,
 * dispatch, static files and the request record (access log off) included.
 *
 * <p>Run: {@code scripts/jmh Http2RequestBenchmark -prof gc}. Not a test: nothing asserts on time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Http2RequestBenchmark {

    private EmbeddedChannel server;
    private EmbeddedChannel client;
    private Http2ConnectionHandler clientHandler;
    private int nextStreamId = 3; // odd: client-initiated; 1 is left unused
    private Http2Headers request;
    private int responsesEnded;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchmarkSite site = BenchmarkSite.create(Map.of("http2.max-concurrent-streams", "1000"));
        ServerConfig config = site.config();
        ServerState state = site.state();
        ConnectionTracker tracker = new ConnectionTracker();
        RequestTimeouts timeouts = new RequestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
        RateLimiter rate = new RateLimiter(0, 1, 1, System::nanoTime);
        server = new EmbeddedChannel();
        tracker.add(server);
        server.pipeline().addLast("timeouts", timeouts);
        Http2Connection.configure(server.pipeline(), config, tracker, new HttpsDispatcher(() -> state), timeouts, rate);

        clientHandler = new Http2ConnectionHandlerBuilder().server(false).frameListener(new Http2FrameAdapter() {
            @Override
            public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                    boolean endOfStream) {
                if (endOfStream) {
                    responsesEnded++;
                }
                return data.readableBytes() + padding; // consumed: the window is returned
            }

            @Override
            public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                    boolean endOfStream) {
                if (endOfStream) {
                    responsesEnded++;
                }
            }
        }).build();
        client = new EmbeddedChannel(clientHandler);
        request = new DefaultHttp2Headers().method("GET").scheme("https").authority("www.example.org")
                .path("/1k.bin").add("user-agent", "jmh").add("accept", "*/*");
        pump(); // prefaces and SETTINGS
        if (get() != 1) {
            throw new IllegalStateException("no response to the first request");
        }
    }

    private void pump() {
        EmbeddedPair.pump(client, server, null);
    }

    @Benchmark
    public int get() {
        int before = responsesEnded;
        ChannelHandlerContext ctx = client.pipeline().firstContext();
        clientHandler.encoder().writeHeaders(ctx, nextStreamId, request, 0, true, ctx.newPromise());
        nextStreamId += 2;
        ctx.flush();
        pump();
        return responsesEnded - before;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }
}
