package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.Reply;
import dev.gatehouse.http.ReplyBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 request loop in an EmbeddedChannel, fed raw bytes; time advanced, never slept. */
class RequestHandlerTest {

    private EmbeddedChannel channel;
    private final ConnectionTracker tracker = new ConnectionTracker();

    @BeforeEach
    void setUp() {
        RequestTimeouts timeouts = new RequestTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30));
        RequestHandler.Dispatcher echoPath = (request, ctx) -> {
            Reply reply = Reply.of(HttpResponseStatus.OK);
            return new Reply(reply.status(), reply.headers(), ReplyBody.Bytes.utf8("path=" + request.uri()));
        };
        channel = new EmbeddedChannel();
        tracker.add(channel);
        channel.pipeline().addLast(timeouts, new HttpServerCodec(), new ChunkedWriteHandler(),
                new RequestHandler(echoPath, tracker, timeouts, false, false));
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    private String output() {
        StringBuilder sb = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            sb.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return sb.toString();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() {
        send("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n");
        String out = output();
        assertThat(out.indexOf("path=/one")).isGreaterThan(0).isLessThan(out.indexOf("path=/two"));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void malformedRequestGets400AndClose() {
        send("GET /x HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 400 Bad Request").contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void connectionCloseIsHonoured() {
        send("GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(output()).contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http10GetsKeepAliveOnlyWhenItAsks() {
        send("GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(output()).startsWith("HTTP/1.1 200").contains("connection: keep-alive");
        assertThat(channel.isOpen()).isTrue();
        send("GET /y HTTP/1.0\r\n\r\n");
        assertThat(output()).contains("connection: close");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
        send("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
        output();
        channel.advanceTimeBy(59, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestHeadTricklingInIsCutAfterTheHeaderTimeout() {
        send("GET /x HTTP/1.1\r\n");
        channel.advanceTimeBy(20, TimeUnit.SECONDS);
        send("Host: a\r\n");
        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(output()).isEmpty();
    }

    @Test
    void drainingClosesAfterTheCurrentResponse() {
        tracker.drain();
        channel.runPendingTasks();
        // EmbeddedChannel has no response in flight, so draining closes it at once.
        assertThat(channel.isOpen()).isFalse();
    }
}
