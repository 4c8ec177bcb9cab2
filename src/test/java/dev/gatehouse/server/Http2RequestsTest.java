package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our HTTP/2 → request-model conversion against Netty's, which it replaces on the hot path. */
class Http2RequestsTest {

    private static Http2Headers browserLike() {
        Http2Headers h = new DefaultHttp2Headers();
        h.method("GET").scheme("https").authority("www.example.org").path("/a/b?c=d");
        h.add("user-agent", "test").add("accept", "*/*").add("cookie", "a=1").add("accept-language", "en")
                .add("cookie", "b=2").add("cookie", "c=3").add("x-multi", "1").add("x-multi", "2");
        return h;
    }

    @Test
    void agreesWithNettysConversionOnEverythingWeRead() throws Exception {
        HttpRequest ours = Http2Requests.toRequest(browserLike());
        HttpRequest netty = HttpConversionUtil.toHttpRequest(3, browserLike(), true);
        assertThat(ours.method()).isEqualTo(netty.method());
        assertThat(ours.uri()).isEqualTo(netty.uri()).isEqualTo("/a/b?c=d");
        assertThat(ours.protocolVersion()).isEqualTo(netty.protocolVersion());
        for (CharSequence name : List.of(HttpHeaderNames.HOST, HttpHeaderNames.USER_AGENT,
                HttpHeaderNames.ACCEPT, HttpHeaderNames.ACCEPT_LANGUAGE, "x-multi")) {
            assertThat(ours.headers().getAll(name)).as(name.toString()).isEqualTo(netty.headers().getAll(name));
        }
        // Netty keeps the crumbs as three Cookie fields; RFC 9113 §8.2.3 wants one, joined with "; ", when
        // the request goes on as HTTP/1.1 (here: a route's header matcher reads one Cookie value).
        assertThat(netty.headers().getAll(HttpHeaderNames.COOKIE)).hasSize(3);
        assertThat(ours.headers().getAll(HttpHeaderNames.COOKIE)).containsExactly("a=1; b=2; c=3");
        assertThat(ours.headers().names()).noneMatch(n -> n.startsWith(":"));
    }

    @Test
    void noMethodOrPathIsRefused() {
        assertThatThrownBy(() -> Http2Requests.toRequest(new DefaultHttp2Headers().path("/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http2Requests.toRequest(new DefaultHttp2Headers().method("GET")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Http2Requests.toRequest(new DefaultHttp2Headers().method("CONNECT").authority("h:443")).uri())
                .isEqualTo("h:443");
    }
}
