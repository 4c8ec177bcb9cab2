package dev.gatehouse.tls;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Checks {@code tls.ciphers} against the engine: names may be IANA ({@code TLS_ECDHE_...}) or OpenSSL
 * ({@code ECDHE-ECDSA-AES128-GCM-SHA256}); every suite must be AEAD (RFC 9113 §9.2.2 and current
 * guidance) and supported, or the whole list is refused naming the offending entry.
 */
final class CipherSuites {

    private CipherSuites() {
    }

    static List<String> toJavaNames(List<String> configured, SslProvider provider) throws TlsSetupException {
        Set<String> supported = supported(provider);
        List<String> out = new ArrayList<>();
        for (String name : configured) {
            String java = name.startsWith("TLS_") ? name : CipherSuiteConverter.toJava(name, "TLS");
            if (java == null) {
                throw new TlsSetupException("tls.ciphers", "\"" + name
                        + "\" (expected: a cipher suite name such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)");
            }
            if (!(java.contains("_GCM_") || java.contains("CHACHA20_POLY1305") || java.contains("_CCM"))) {
                throw new TlsSetupException("tls.ciphers", "\"" + name
                        + "\" (expected: AEAD suites only (GCM, CHACHA20_POLY1305); CBC suites are refused)");
            }
            if (!supported.contains(java)) {
                throw new TlsSetupException("tls.ciphers", "\"" + name + "\" (expected: a suite the "
                        + (provider == SslProvider.JDK ? "JDK" : "OpenSSL") + " engine supports)");
            }
            out.add(java);
        }
        if (out.isEmpty()) {
            throw new TlsSetupException("tls.ciphers", "empty (expected: at least one cipher suite)");
        }
        return out;
    }

    /**
     * RFC 9113 §9.2.2: with HTTP/2, TLS 1.2 suites must be ephemeral (ECDHE/DHE) AEAD ones; the static
     * RSA AEAD suites (TLS_RSA_WITH_AES_*_GCM_*) are on its Appendix A block list. TLS 1.3 suites are fine.
     */
    static void checkHttp2(List<String> javaNames) throws TlsSetupException {
        for (String name : javaNames) {
            boolean tls13 = !name.contains("_WITH_");
            if (!tls13 && !(name.startsWith("TLS_ECDHE_") || name.startsWith("TLS_DHE_"))) {
                throw new TlsSetupException("tls.ciphers", "\"" + name + "\" (expected: ECDHE or DHE suites only "
                        + "while listener.https.protocols offers h2; RFC 9113 §9.2.2 forbids this one)");
            }
        }
    }

    private static Set<String> supported(SslProvider provider) {
        if (provider != SslProvider.JDK) {
            return OpenSsl.availableJavaCipherSuites();
        }
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }
}
