package dev.gatehouse.tls;

import dev.gatehouse.config.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** Resolves {@code tls.provider} to an engine that can actually run here. */
public final class TlsEngine {

    private TlsEngine() {
    }

    /** AUTO picks BoringSSL when its native library loads; OPENSSL insists on it. */
    public static SslProvider resolve(TlsProvider provider) throws TlsSetupException {
        return switch (provider) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TlsSetupException("tls.provider", "\"openssl\" (expected: an engine available on this "
                            + "machine; BoringSSL did not load: " + OpenSsl.unavailabilityCause().getMessage()
                            + "; use auto or jdk)");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    public static String describe(SslProvider provider) {
        return provider == SslProvider.JDK
                ? "JDK " + System.getProperty("java.version")
                : OpenSsl.versionString();
    }
}
