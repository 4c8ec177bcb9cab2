package dev.gatehouse.server;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * An HTTP/2 request head as the request model the rest of the server reads (an HTTP/1.1-shaped
 * {@link HttpRequest}): {@code :authority} becomes Host, cookie crumbs are joined with {@code "; "}
 * (RFC 9113 §8.2.3), other pseudo-header fields are dropped, the method and path go to the request
 * line. What Netty's {@code HttpConversionUtil.toHttpRequest} does, minus its extension headers
 * (x-http2-stream-id, x-http2-scheme), which nothing here reads, and minus a second validation of
 * every field: the HTTP/2 decoder has validated names and values already (validateHeaders), and the
 * copy showed up at about 4 % of a small request's cost.
 */
final class Http2Requests {

    private static final AsciiString AUTHORITY = Http2Headers.PseudoHeaderName.AUTHORITY.value();
    /** Header maps that do not validate what the HTTP/2 decoder validated already. */
    private static final DefaultHttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

    private Http2Requests() {
    }

    /** @throws IllegalArgumentException when {@code :method} or {@code :path} is missing */
    static HttpRequest toRequest(Http2Headers in) {
        CharSequence method = in.method();
        CharSequence path = in.path();
        if (method == null) {
            throw new IllegalArgumentException("no :method");
        }
        if (path == null) {
            // CONNECT names its target in :authority (RFC 9113 §8.5); anything else needs a path.
            if (!HttpMethod.CONNECT.asciiName().contentEqualsIgnoreCase(method) || in.authority() == null) {
                throw new IllegalArgumentException("no :path");
            }
            path = in.authority();
        }
        HttpHeaders headers = HEADERS.newHeaders();
        String cookie = null;
        for (Map.Entry<CharSequence, CharSequence> e : in) {
            CharSequence name = e.getKey();
            CharSequence value = e.getValue();
            if (name.length() > 0 && name.charAt(0) == ':') {
                if (AUTHORITY.contentEquals(name)) {
                    headers.add(HttpHeaderNames.HOST, value);
                }
            } else if (HttpHeaderNames.COOKIE.contentEquals(name)) {
                cookie = cookie == null ? value.toString() : cookie + "; " + value;
            } else {
                headers.add(name, value);
            }
        }
        if (cookie != null) {
            headers.set(HttpHeaderNames.COOKIE, cookie);
        }
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING).remove(HttpHeaderNames.TRAILER);
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method.toString()), path.toString(),
                headers);
    }
}
