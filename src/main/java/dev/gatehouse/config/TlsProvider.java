package dev.gatehouse.config;

/** The TLS engine ({@code tls.provider}). */
public enum TlsProvider {
    /** BoringSSL when its native library loads, else the JDK. */
    AUTO,
    OPENSSL,
    JDK
}
