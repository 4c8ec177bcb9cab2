package dev.gatehouse.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;

/**
 * What routes look at, independent of the protocol that carried the request.
 *
 * @param method  the method name, upper-case as sent
 * @param host    the Host without port, lower-case; empty when an HTTP/1.0 client sent none
 * @param client  the peer address (null if unknown: then no client-ip/allow rule can match)
 * @param rawPath the path as sent, still percent-encoded
 * @param query   the query with its leading {@code ?}, or empty
 */
public record RouteRequest(String method, String host, HttpHeaders headers, InetAddress client, String rawPath,
        String query) {
}
