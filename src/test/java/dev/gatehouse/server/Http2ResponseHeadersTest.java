package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9113 §8.2.2 on the way out: lower-case names, no HTTP/1.1 connection fields, :status first. */
class Http2ResponseHeadersTest {

    @Test
    void namesAreLowerCasedAndConnectionFieldsDropped() {
        Reply reply = Reply.of(HttpResponseStatus.NOT_FOUND);
        reply.headers().add("Content-Type", "text/plain").add("X-Custom", "A").add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2").add("Connection", "close").add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked").add("Upgrade", "h2c").add("Proxy-Connection", "x").add("TE", "trailers")
                // same lengths as dropped names, kept
                .add("Expires", "0").add("Content-Encoding", "gzip").add("Content-Location", "/a").add("x-", "y");
        Http2Headers h2 = Http2Response.headers(reply);
        List<String> names = new ArrayList<>();
        for (Map.Entry<CharSequence, CharSequence> e : h2) {
            names.add(e.getKey().toString());
        }
        assertThat(names.get(0)).isEqualTo(":status");
        assertThat(h2.status().toString()).isEqualTo("404");
        assertThat(names).contains("content-type", "x-custom", "set-cookie", "expires", "content-encoding",
                        "content-location", "x-")
                .doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te")
                .allMatch(n -> n.equals(n.toLowerCase(java.util.Locale.ROOT)));
        assertThat(h2.getAll("set-cookie")).extracting(CharSequence::toString).containsExactly("a=1", "b=2");
    }

    @Test
    void theServersOwnNameConstantsGoOutAsTheyAreAndConnectionConstantsAreStillDropped() {
        Reply reply = Reply.of(HttpResponseStatus.OK);
        reply.headers().add(HttpHeaderNames.CONTENT_TYPE, "text/html")
                .add(HttpHeaderNames.CONNECTION, "close")
                .add(HttpHeaderNames.TRANSFER_ENCODING, "chunked")
                .add(HttpHeaderNames.TE, "trailers")
                .add(HttpHeaderNames.UPGRADE, "h2c")
                .add(HttpHeaderNames.KEEP_ALIVE, "timeout=5")
                .add(HttpHeaderNames.PROXY_CONNECTION, "x")
                .add(RequestRecord.X_REQUEST_ID, "abc")
                .add(HttpsDispatcher.X_FRAME_OPTIONS, "SAMEORIGIN");
        Http2Headers h2 = Http2Response.headers(reply);
        List<String> names = new ArrayList<>();
        for (Map.Entry<CharSequence, CharSequence> e : h2) {
            names.add(e.getKey().toString());
        }
        assertThat(names).containsExactly(":status", "content-type", "x-request-id", "x-frame-options");
        assertThat(h2.get("x-request-id").toString()).isEqualTo("abc");
    }

    @Test
    void onlyTheServersOwnLowerCaseConstantsSkipTheChecksAndOnlyByIdentity() {
        assertThat(Http2FieldNames.isOwnLowerCase(HttpHeaderNames.CONTENT_TYPE)).isTrue();
        assertThat(Http2FieldNames.isOwnLowerCase(RequestRecord.X_REQUEST_ID)).isTrue();
        assertThat(Http2FieldNames.isOwnLowerCase(new AsciiString("content-type"))).isFalse();
        assertThat(Http2FieldNames.isOwnLowerCase(HttpHeaderNames.CONNECTION)).isFalse();
        assertThat(Http2FieldNames.isOwnLowerCase(HttpHeaderNames.TE)).isFalse();
    }
}
