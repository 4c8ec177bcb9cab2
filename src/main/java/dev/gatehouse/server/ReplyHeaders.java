package dev.gatehouse.server;

import dev.gatehouse.http.HttpDates;
import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * The head fields every response gets whichever protocol carries it (HTTP/1.1 through
 * {@link ResponseWriter}, HTTP/2 through {@link Http2Response}): Server, Date, and Content-Length
 * from the body unless the handler set it. Connection management fields are the protocol's business.
 */
final class ReplyHeaders {

    /**
     * Server and Date of the current second, as a map copied into each response in place of any
     * fields of those names: setting the two one by one validated the same constant name and value
     * again on every response (W2 profile, issue 9); a map's entries are copied without that.
     * Replaced when the second changes; immutable once published.
     */
    private static volatile Second current = new Second(AsciiString.EMPTY_STRING, new DefaultHttpHeaders());

    private record Second(AsciiString date, HttpHeaders fields) {
    }

    private ReplyHeaders() {
    }

    static void complete(Reply reply) {
        HttpHeaders headers = reply.headers();
        headers.remove(HttpHeaderNames.SERVER).remove(HttpHeaderNames.DATE).add(serverAndDate());
        // RFC 9110 §8.6: a 304 may only carry the length a 200 would have, so it gets none from us.
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && reply.status().code() != 304) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length());
        }
    }

    private static HttpHeaders serverAndDate() {
        AsciiString date = HttpDates.nowAscii();
        Second s = current;
        if (s.date != date) {
            s = new Second(date, new DefaultHttpHeaders().set(HttpHeaderNames.SERVER, ResponseWriter.SERVER)
                    .set(HttpHeaderNames.DATE, date));
            current = s;
        }
        return s.fields;
    }
}
