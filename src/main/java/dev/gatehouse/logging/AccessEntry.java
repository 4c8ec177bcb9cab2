package dev.gatehouse.logging;

/**
 * One access-log record. Strings may be null (logged as {@code -} or JSON null).
 *
 * @param remote     the client's address (the real one when it came through a trusted PROXY header)
 * @param host       the Host header (or HTTP/2 :authority)
 * @param protocol   HTTP version, e.g. {@code HTTP/1.1}
 * @param bytes      response body bytes sent
 * @param durationNanos request head complete to response written
 * @param upstream   the upstream that answered, when proxied
 * @param user       the client certificate's subject on a mutual-TLS connection
 */
public record AccessEntry(String remote, String host, String method, String target, String protocol, int status,
        long bytes, String referer, String userAgent, String tlsProtocol, String tlsCipher, long durationNanos,
        String requestId, String site, String upstream, String user) {
}
