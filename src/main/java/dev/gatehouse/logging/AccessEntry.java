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
 * @param upstreamNanos time from the proxy's start to the end of the upstream's response; -1 when not proxied
 * @param user       the user HTTP Basic authentication let in, else the client certificate's subject
 *                   on a mutual-TLS connection, else null
 */
public record AccessEntry(String remote, String host, String method, String target, String protocol, int status,
        long bytes, String referer, String userAgent, String tlsProtocol, String tlsCipher, long durationNanos,
        String requestId, String site, String upstream, long upstreamNanos, String user) {

    /** An entry for a request that was not proxied and not authenticated. */
    public AccessEntry(String remote, String host, String method, String target, String protocol, int status,
            long bytes, String referer, String userAgent, String tlsProtocol, String tlsCipher, long durationNanos,
            String requestId, String site, String upstream) {
        this(remote, host, method, target, protocol, status, bytes, referer, userAgent, tlsProtocol, tlsCipher,
                durationNanos, requestId, site, upstream, -1, null);
    }
}
