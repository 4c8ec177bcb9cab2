package dev.gatehouse.config;

/**
 * Everything that bounds what one client, connection or request may make the server hold. Defaults
 * are no looser than nginx's (see docs/security.md for each value and why).
 *
 * @param maxConnections           open connections over all listeners; more are closed at accept
 * @param maxConnectionsPerIp      open connections from one client address
 * @param maxRequestsPerConnection requests on one keep-alive connection before it is closed
 * @param maxHeaders               header fields in one request (431 beyond)
 * @param maxRequestBody           request body bytes (413 beyond)
 * @param ratePerSecond            requests per second per client address, 0 = no rate limit
 * @param rateBurst                requests a client may send at once before the rate applies
 * @param rateMaxClients           client addresses tracked for rate limiting (memory bound)
 */
public record LimitsConfig(
        int maxInitialLineLength,
        int maxHeaderSize,
        int maxConnections,
        int maxConnectionsPerIp,
        int maxRequestsPerConnection,
        int maxHeaders,
        long maxRequestBody,
        double ratePerSecond,
        int rateBurst,
        int rateMaxClients) {

    /** The core limits with every other limit at its default (tests and embedding). */
    public static LimitsConfig defaults() {
        return LimitsSection.DEFAULTS;
    }
}
