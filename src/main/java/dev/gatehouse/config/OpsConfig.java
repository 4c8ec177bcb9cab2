package dev.gatehouse.config;

import java.util.List;

/**
 * Operations settings: the admin listener ({@code admin.*}), the access log format and PROXY
 * protocol on the listeners.
 *
 * @param accessLogFormat {@code log.access-format}
 * @param proxyHttps      {@code listener.https.proxy-protocol}
 * @param proxyHttp       {@code listener.http.proxy-protocol}
 * @param trustedProxies  {@code listener.trusted-proxies}: the only peers allowed to send a PROXY header
 */
public record OpsConfig(AdminConfig admin, AccessLogFormat accessLogFormat, boolean proxyHttps, boolean proxyHttp,
        List<Cidr> trustedProxies, java.time.Duration accessLogFlush) {

    /** {@code log.access-flush}: how long access-log lines may wait to be written in a batch. */
    public static final java.time.Duration DEFAULT_ACCESS_LOG_FLUSH = java.time.Duration.ofSeconds(1);

    public static OpsConfig defaults() {
        return new OpsConfig(AdminConfig.OFF, AccessLogFormat.COMBINED, false, false, List.of(), DEFAULT_ACCESS_LOG_FLUSH);
    }

    /** {@code log.access-format}. */
    public enum AccessLogFormat { COMBINED, JSON }

    /**
     * The admin listener; {@code port} -1 when off, 0 for an OS-chosen port (tests).
     *
     * @param token bearer token required on every admin request, or null for none
     */
    public record AdminConfig(String address, int port, Secret token) {
        public static final AdminConfig OFF = new AdminConfig("127.0.0.1", -1, null);

        public boolean enabled() {
            return port >= 0;
        }
    }
}
