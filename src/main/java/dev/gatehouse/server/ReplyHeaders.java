package dev.gatehouse.server;

import dev.gatehouse.http.HttpDates;
import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The head fields every response gets whichever protocol carries it (HTTP/1.1 through
 * {@link ResponseWriter}, HTTP/2 through {@link Http2Response}): Server, Date, and Content-Length
 * from the body unless the handler set it. Connection management fields are the protocol's business.
 */
final class ReplyHeaders {

    private ReplyHeaders() {
    }

    static void complete(Reply reply) {
        HttpHeaders headers = reply.headers();
        headers.set(HttpHeaderNames.SERVER, ResponseWriter.SERVER);
        headers.set(HttpHeaderNames.DATE, HttpDates.nowAscii());
        // RFC 9110 §8.6: a 304 may only carry the length a 200 would have, so it gets none from us.
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && reply.status().code() != 304) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length());
        }
    }
}
