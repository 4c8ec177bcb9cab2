package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's HTTP/2 response heads as bytes: the real HTTP/2 pipeline ({@link Http2Connection})
 * and Netty's client codec in two EmbeddedChannels that hand each other their bytes, with every
 * HEADERS block the server sends read field by field here (RFC 7541) and decoded by the client.
 */
class DirectResponseEncoderTest {

    private EmbeddedChannel server;
    private EmbeddedChannel client;
    private Http2ConnectionHandler clientHandler;
    private final Map<Integer, Http2Headers> decoded = new HashMap<>();
    private final Map<Integer, Long> resets = new HashMap<>();
    private final Map<Integer, Integer> bodies = new HashMap<>();
    private final List<Integer> ended = new ArrayList<>();
    /** DATA frames the server sent: their lengths. */
    private final List<Integer> dataFrames = new ArrayList<>();
    private Long goAway;
    /** HEADERS blocks the server sent, in order, with their stream id. */
    private final List<byte[]> blocks = new ArrayList<>();
    private final List<Integer> blockStreams = new ArrayList<>();
    /** Each buffer the server wrote, as the frames it holds ("HEADERS 3", "DATA 3 END_STREAM", ...). */
    private final List<List<String>> writes = new ArrayList<>();
    private int nextStreamId = 3;

    @AfterEach
    void close() {
        if (client != null) {
            client.finishAndReleaseAll();
        }
        if (server != null) {
            server.finishAndReleaseAll();
        }
    }

    private void start(Http2Settings clientSettings) throws Exception {
        start(clientSettings, Map.of());
    }

    private void start(Http2Settings clientSettings, Map<String, String> config) throws Exception {
        BenchmarkSite site = BenchmarkSite.create(config);
        Path root = site.config().defaultSite().staticFiles().root();
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        Files.writeString(root.resolve("empty.txt"), "");
        ServerConfig serverConfig = site.config();
        ConnectionTracker tracker = new ConnectionTracker();
        RequestTimeouts timeouts = new RequestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
        server = new EmbeddedChannel();
        tracker.add(server);
        server.pipeline().addLast("timeouts", timeouts);
        Http2Connection.configure(server.pipeline(), serverConfig, tracker, new HttpsDispatcher(site::state), timeouts,
                new RateLimiter(0, 1, 1, System::nanoTime));
        clientHandler = new Http2ConnectionHandlerBuilder().server(false).initialSettings(clientSettings)
                .frameListener(new Http2FrameAdapter() {
                    @Override
                    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding,
                            boolean endOfStream) {
                        bodies.merge(streamId, data.readableBytes(), Integer::sum);
                        if (endOfStream) {
                            ended.add(streamId);
                        }
                        return data.readableBytes() + padding;
                    }

                    @Override
                    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode,
                            ByteBuf debugData) {
                        goAway = errorCode;
                    }

                    @Override
                    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                            int streamDependency, short weight, boolean exclusive, int padding, boolean endOfStream) {
                        decoded.put(streamId, headers);
                    }

                    @Override
                    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
                        resets.put(streamId, errorCode);
                    }
                }).build();
        client = new EmbeddedChannel(clientHandler);
        pump();
    }

    /** Moves bytes both ways until neither side has anything left; notes the server's frames. */
    private void pump() {
        ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
        EmbeddedPair.pump(client, server, b -> {
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            fromServer.writeBytes(bytes);
            writes.add(frameNames(bytes));
        });
        readFrames(fromServer.toByteArray());
    }

    /** The whole frames at the start of one written buffer, by type, stream and END_STREAM. */
    private static List<String> frameNames(byte[] bytes) {
        List<String> names = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        while (in.readableBytes() >= 9) {
            int length = in.readUnsignedMedium();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            String name = switch (type) {
                case 0x0 -> "DATA";
                case 0x1 -> "HEADERS";
                default -> "type " + type;
            };
            names.add(name + " " + stream + ((type == 0x0 || type == 0x1) && (flags & 0x1) != 0 ? " END_STREAM" : ""));
            if (in.readableBytes() < length) {
                break;
            }
            in.skipBytes(length);
        }
        return names;
    }

    private void readFrames(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        while (in.readableBytes() >= 9) {
            int length = in.readUnsignedMedium();
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readBytes(payload);
            if (type == 0x0) {
                dataFrames.add(length);
            } else if (type == 0x1) {
                blocks.add(payload);
                blockStreams.add(stream);
            } else if (type == 0x9) {
                // CONTINUATION: part of the block before it
                byte[] last = blocks.remove(blocks.size() - 1);
                byte[] joined = new byte[last.length + payload.length];
                System.arraycopy(last, 0, joined, 0, last.length);
                System.arraycopy(payload, 0, joined, last.length, payload.length);
                blocks.add(joined);
            }
        }
    }

    private int get(String path) {
        int id = nextStreamId;
        nextStreamId += 2;
        ChannelHandlerContext ctx = client.pipeline().firstContext();
        clientHandler.encoder().writeHeaders(ctx, id, request(path), 0, true, ctx.newPromise());
        ctx.flush();
        pump();
        return id;
    }

    private static Http2Headers request(String path) {
        return new DefaultHttp2Headers().method("GET").scheme("https").authority("localhost").path(path)
                .add("user-agent", "test");
    }

    /** The representations of a block (RFC 7541 §6): "indexed N", "literal N" or "literal 'name'", or others. */
    private static List<String> representations(byte[] block) {
        List<String> out = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(block);
        while (in.isReadable()) {
            int b = in.getUnsignedByte(in.readerIndex());
            if ((b & 0x80) != 0) {
                out.add("indexed " + integer(in, 7));
            } else if ((b & 0xe0) == 0x20) {
                out.add("size update " + integer(in, 5));
            } else if ((b & 0xf0) == 0x00) {
                int index = integer(in, 4);
                String name = index == 0 ? "'" + string(in) + "'" : String.valueOf(index);
                string(in);
                out.add("literal " + name);
            } else {
                out.add("other " + Integer.toHexString(b));
                return out;
            }
        }
        return out;
    }

    private static int integer(ByteBuf in, int prefix) {
        int max = (1 << prefix) - 1;
        int value = in.readUnsignedByte() & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            value += (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    private static String string(ByteBuf in) {
        boolean huffman = (in.getUnsignedByte(in.readerIndex()) & 0x80) != 0;
        int length = integer(in, 7);
        String s = in.readCharSequence(length, java.nio.charset.StandardCharsets.ISO_8859_1).toString();
        return huffman ? "<huffman>" : s;
    }

    @Test
    void aResponseHeadIsStaticIndexesAndLiteralsThatNeverEnterTheDynamicTable() throws Exception {
        start(Http2Settings.defaultSettings());
        int first = get("/hello.txt");
        int second = get("/hello.txt");
        int missing = get("/nope");

        assertThat(decoded.get(first).status().toString()).isEqualTo("200");
        assertThat(decoded.get(first).get("content-type").toString()).isEqualTo("text/plain; charset=utf-8");
        assertThat(decoded.get(first).get("content-length").toString()).isEqualTo("6");
        assertThat(decoded.get(first).get("x-content-type-options").toString()).isEqualTo("nosniff");
        assertThat(decoded.get(first).get("x-request-id")).isNotNull();
        assertThat(decoded.get(second).get("etag")).isEqualTo(decoded.get(first).get("etag"));
        assertThat(decoded.get(missing).status().toString()).isEqualTo("404");

        List<String> head = representations(blocks.get(blockStreams.indexOf(first)));
        // :status 200 is static entry 8; server (54), date (33), content-type (31) by static name index;
        // names outside the static table as literal text; nothing else.
        assertThat(head.get(0)).isEqualTo("indexed 8");
        assertThat(head).contains("literal 54", "literal 33", "literal 31", "literal 28", "literal 'x-request-id'",
                "literal 'x-content-type-options'");
        assertThat(head).allMatch(r -> r.equals("indexed 8") || r.startsWith("literal "));
        assertThat(representations(blocks.get(blockStreams.indexOf(second)))).isEqualTo(head);
        assertThat(representations(blocks.get(blockStreams.indexOf(missing))).get(0)).isEqualTo("indexed 13");
    }

    @Test
    void afterThePeerShrinksItsTableTheNextHeadStartsWithTheSizeUpdate() throws Exception {
        start(Http2Settings.defaultSettings().headerTableSize(256));
        int first = get("/hello.txt");
        int second = get("/hello.txt");

        // Netty's client decoder insists on the update (COMPRESSION_ERROR otherwise), so decoding both
        // heads is the proof; the bytes show where it went.
        assertThat(decoded.get(first).status().toString()).isEqualTo("200");
        assertThat(decoded.get(second).status().toString()).isEqualTo("200");
        assertThat(representations(blocks.get(blockStreams.indexOf(first))).get(0)).isEqualTo("size update 256");
        assertThat(representations(blocks.get(blockStreams.indexOf(second)))).first().isEqualTo("indexed 8");
        assertThat(resets).isEmpty();
    }

    @Test
    void aHeadLargerThanOneFrameGoesThroughNettysEncoderWithContinuationFrames() throws Exception {
        String big = "~".repeat(20_000); // longer Huffman-coded, so Netty sends it as it is
        start(Http2Settings.defaultSettings().maxHeaderListSize(65_536), Map.of("route.1.match", "/big",
                "route.1.respond", "200", "route.1.body", "ok", "route.1.header.set.X-Big", big));
        int id = get("/big");
        int after = get("/hello.txt");

        assertThat(decoded.get(id).status().toString()).isEqualTo("200");
        assertThat(decoded.get(id).get("x-big").toString()).isEqualTo(big);
        assertThat(blocks.get(blockStreams.indexOf(id)).length).isGreaterThan(16_384);
        assertThat(representations(blocks.get(blockStreams.indexOf(after))).get(0)).isEqualTo("indexed 8");
        assertThat(decoded.get(after).status().toString()).isEqualTo("200");
    }

    @Test
    void smallBodiesGoOutAsOneFrameEachAndTheWindowsAreChargedForThem() throws Exception {
        // 100 KiB of bodies on one connection with the default 64 KiB windows: the server must stop at
        // the connection window and go on after the client's WINDOW_UPDATEs, or Netty's client fails
        // the connection with FLOW_CONTROL_ERROR.
        start(Http2Settings.defaultSettings(), Map.of());
        // All requests in one go, so that the server answers them in one read: past 64 KiB it must
        // wait for the client's WINDOW_UPDATEs.
        List<Integer> ids = new ArrayList<>();
        ChannelHandlerContext ctx = client.pipeline().firstContext();
        for (int i = 0; i < 100; i++) {
            ids.add(nextStreamId);
            clientHandler.encoder().writeHeaders(ctx, nextStreamId, request("/1k.bin"), 0, true, ctx.newPromise());
            nextStreamId += 2;
        }
        ctx.flush();
        pump();

        assertThat(goAway).isNull();
        assertThat(resets).isEmpty();
        assertThat(ended).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ids).allSatisfy(id -> assertThat(bodies.get(id)).isEqualTo(1024));
        // 63 whole bodies fit the 65,535-byte connection window; the 64th is split at its edge by
        // Netty's flow controller, and the rest follow the client's WINDOW_UPDATEs.
        assertThat(dataFrames.subList(0, 63)).containsOnly(1024);
        assertThat(dataFrames.get(63)).isEqualTo(65_535 - 63 * 1024);
        assertThat(dataFrames.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100 * 1024);
    }

    @Test
    void aSmallResponseIsItsHeadersAndItsDataInOneWrite() throws Exception {
        start(Http2Settings.defaultSettings(), Map.of());
        int small = get("/1k.bin");
        int empty = get("/empty.txt");

        assertThat(bodies.get(small)).isEqualTo(1024);
        assertThat(writes).contains(List.of("HEADERS " + small, "DATA " + small + " END_STREAM"));
        // No body: one HEADERS frame with END_STREAM, as before.
        assertThat(writes).contains(List.of("HEADERS " + empty + " END_STREAM"));
        assertThat(ended).containsExactly(small);
        assertThat(decoded.get(empty).status().toString()).isEqualTo("200");
        assertThat(resets).isEmpty();
    }

    @Test
    void aBodyLargerThanTheStreamWindowWaitsForItInNettysFlowController() throws Exception {
        start(Http2Settings.defaultSettings().initialWindowSize(300), Map.of());
        int id = get("/1k.bin");
        int next = get("/hello.txt");

        assertThat(goAway).isNull();
        assertThat(bodies.get(id)).isEqualTo(1024);
        assertThat(dataFrames.subList(0, 4)).containsExactly(300, 300, 300, 124);
        assertThat(bodies.get(next)).isEqualTo(6);
        assertThat(ended).containsExactly(id, next);
    }
}
