package dev.gatehouse.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A response to be written: status, headers and body. {@code Content-Length} is set by the writer
 * from the body unless the handler set it (HEAD announces the length of the body it omits).
 */
public record Reply(HttpResponseStatus status, HttpHeaders headers, ReplyBody body) {

    public static Reply of(HttpResponseStatus status) {
        return new Reply(status, new DefaultHttpHeaders(), ReplyBody.EMPTY);
    }

    /** A short HTML error page. It never contains anything taken from the request. */
    public static Reply error(HttpResponseStatus status) {
        String text = status.code() + " " + status.reasonPhrase();
        Reply reply = new Reply(status, new DefaultHttpHeaders(), ReplyBody.Bytes.utf8(
                "<!DOCTYPE html>\n<html><head><title>" + text + "</title></head>\n<body><h1>" + text
                        + "</h1></body></html>\n"));
        reply.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        return reply;
    }

    /** A redirect whose Location the caller has already validated. */
    public static Reply redirect(HttpResponseStatus status, String location) {
        Reply reply = error(status);
        reply.headers().set(HttpHeaderNames.LOCATION, location);
        return reply;
    }

    public Reply header(CharSequence name, Object value) {
        headers.set(name, value);
        return this;
    }
}
