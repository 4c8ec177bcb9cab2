package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * What the router decided for a proxied request.
 *
 * @param rawPath         the path to forward (as the client sent it, or rewritten), percent-encoded
 * @param query           the query with its {@code ?}, or empty
 * @param requestHeaders  applied to the request headers sent upstream, after the forwarding headers
 *                        ({@code request-header.*} edits)
 * @param responseHeaders applied to the response head before it goes to the client (HSTS, the
 *                        security preset, the routes' header edits)
 */
public record ProxyTarget(UpstreamGroup group, String rawPath, String query, InetAddress peer,
        Consumer<HttpHeaders> requestHeaders, Consumer<HttpHeaders> responseHeaders) {
}
