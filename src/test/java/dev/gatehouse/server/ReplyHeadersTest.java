package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.HttpDates;
import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

/** Server, Date and Content-Length on every response: set once, replacing a handler's or an upstream's. */
class ReplyHeadersTest {

    @Test
    void serverAndDateReplaceAnyEarlierOnesAndTheLengthComesFromTheBody() {
        Reply reply = Reply.error(HttpResponseStatus.NOT_FOUND);
        reply.headers().add("Server", "upstream/1.0").add("Date", "Mon, 01 Jan 2024 00:00:00 GMT").add("X-Other", "1");
        String before = HttpDates.now();
        ReplyHeaders.complete(reply);
        String after = HttpDates.now();

        assertThat(reply.headers().getAll("server")).containsExactly("gatehouse");
        assertThat(reply.headers().getAll("date")).hasSize(1);
        assertThat(reply.headers().get("date")).isIn(before, after);
        assertThat(reply.headers().get("content-length")).isEqualTo(String.valueOf(reply.body().length()));
        assertThat(reply.headers().get("x-other")).isEqualTo("1");
    }

    @Test
    void aHandlersLengthStaysAndA304GetsNone() {
        Reply sized = Reply.of(HttpResponseStatus.OK).header("Content-Length", "42");
        ReplyHeaders.complete(sized);
        assertThat(sized.headers().getAll("content-length")).containsExactly("42");

        Reply notModified = Reply.of(HttpResponseStatus.NOT_MODIFIED);
        ReplyHeaders.complete(notModified);
        assertThat(notModified.headers().contains("content-length")).isFalse();
        assertThat(notModified.headers().get("server")).isEqualTo("gatehouse");
    }
}
