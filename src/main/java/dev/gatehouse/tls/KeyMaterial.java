package dev.gatehouse.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain, as loaded from disk.
 *
 * @param privateKey a JDK key object (RSA or EC), usable by JDK TLS and by Netty's OpenSSL
 * @param chain the certificates in file order, the server (leaf) certificate first
 * @param source where it came from, for messages, e.g. {@code certs/fullchain.pem + certs/privkey.pem}
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain, String source) {

    public KeyMaterial {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(source, "source");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
    }

    /** The server's own certificate, the one the private key belongs to. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** {@code RSA 2048}, {@code EC P-256}, {@code EC P-384}. */
    public String keyType() {
        return KeyTypes.describe(privateKey);
    }

    /** Never includes the key itself: this string ends up in logs. */
    @Override
    public String toString() {
        return "KeyMaterial[source=" + source + ", key=" + keyType()
                + ", leaf=" + Certificates.name(leaf()) + ", chain=" + chain.size() + " certificate(s)]";
    }
}
