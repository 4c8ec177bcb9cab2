package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A {@link ReplyBody.Buffer} body (a duplicate of a shared buffer, as the file cache hands out) is
 * written and its reference released exactly once, so the shared buffer ends where it started.
 */
class BufferReplyTest {

    @Test
    void writtenBuffersReleaseTheirReferenceAndDiscardedOnesToo() {
        ByteBuf shared = Unpooled.directBuffer(5).writeBytes("hello".getBytes(StandardCharsets.US_ASCII)).asReadOnly();
        RequestTimeouts timeouts = new RequestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
        RequestHandler.Dispatcher dispatcher = (request, ctx) -> new Reply(HttpResponseStatus.OK,
                new DefaultHttpHeaders(), new ReplyBody.Buffer(request.uri().equals("/part")
                        ? shared.retainedSlice(1, 3) : shared.retainedDuplicate()));
        ConnectionTracker tracker = new ConnectionTracker();
        EmbeddedChannel channel = new EmbeddedChannel();
        tracker.add(channel);
        channel.pipeline().addLast(timeouts, new HttpServerCodec(), new ChunkedWriteHandler(),
                new RequestHandler(dispatcher, tracker, timeouts, false, false));
        try {
            channel.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /part HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\n\r\n",
                    StandardCharsets.ISO_8859_1));
            channel.runPendingTasks();
            StringBuilder out = new StringBuilder();
            ByteBuf b;
            while ((b = channel.readOutbound()) != null) {
                out.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
            }
            assertThat(out.toString()).contains("content-length: 5\r\n\r\nhello")
                    .contains("content-length: 3\r\n\r\nell");
            assertThat(shared.refCnt()).isEqualTo(1);

            ByteBuf unsent = shared.retainedDuplicate();
            ResponseWriter.discard(new Reply(HttpResponseStatus.OK, new DefaultHttpHeaders(), new ReplyBody.Buffer(unsent)));
            assertThat(shared.refCnt()).isEqualTo(1);
        } finally {
            channel.finishAndReleaseAll();
            shared.release();
        }
    }
}
