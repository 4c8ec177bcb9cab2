package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;

/**
 * TLS settings of one site: key material and the protocol policy. Cipher names are kept as written
 * (IANA names such as {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256} or OpenSSL names such as
 * {@code ECDHE-ECDSA-AES128-GCM-SHA256}); the tls package translates and checks them against the engine.
 */
public record TlsConfig(
        KeySource keySource,
        List<String> protocols,
        List<String> ciphers,
        TlsProvider provider,
        Duration handshakeTimeout,
        ClientAuth clientAuth,
        java.nio.file.Path clientCa,
        int sessionCacheSize,
        Duration sessionTimeout,
        java.nio.file.Path sessionTicketKeys) {

    public static final int DEFAULT_SESSION_CACHE_SIZE = 20480;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(1);

    /** {@code tls.client-auth}: whether clients are asked for a certificate (mutual TLS). */
    public enum ClientAuth {
        /** No certificate requested (default). */
        NONE,
        /** Requested; a client without one proceeds, one with an untrusted certificate is refused. */
        OPTIONAL,
        /** Required: the handshake fails without a certificate issued by {@code tls.client-ca}. */
        REQUIRE
    }

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Mozilla's "intermediate" server-side TLS guideline (version 6.0): all three TLS 1.3 suites, and
     * for TLS 1.2 only forward-secret AEAD suites. The guideline dropped the DHE suites.
     */
    public static final List<String> DEFAULT_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
}
