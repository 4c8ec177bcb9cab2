package dev.gatehouse.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Does a private key belong to a certificate? A mismatched pair otherwise only shows up as a
 * handshake failure on the first client connection, far from the configuration mistake.
 */
final class KeyPairCheck {

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairCheck() {
    }

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAPrivateKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            // The modulus identifies an RSA key pair; a CRT key also carries the public exponent.
            return rsa.getModulus().equals(rsaPublic.getModulus())
                    && (!(rsa instanceof RSAPrivateCrtKey crt)
                            || crt.getPublicExponent().equals(rsaPublic.getPublicExponent()));
        }
        if (privateKey instanceof ECPrivateKey && publicKey instanceof ECPublicKey) {
            // The JDK offers no public-point derivation, so prove possession the way TLS will.
            return signsFor(privateKey, publicKey);
        }
        return false;
    }

    private static boolean signsFor(PrivateKey privateKey, PublicKey publicKey) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // e.g. key and certificate on different curves
        }
    }

    /**
     * Explains a mismatch: which key, which certificate, and the likely cause when it is visible
     * (different key types, or the key belongs to another certificate of the file, i.e. wrong order).
     */
    static String mismatchMessage(PrivateKey key, java.util.List<java.security.cert.X509Certificate> chain,
            String keyPlace, String certificatePlace) {
        java.security.cert.X509Certificate leaf = chain.get(0);
        StringBuilder message = new StringBuilder(keyPlace)
                .append(": the private key does not match the certificate in ").append(certificatePlace)
                .append(" (subject ").append(Certificates.name(leaf)).append(')');
        String keyType = KeyTypes.describe(key);
        String certificateKeyType = KeyTypes.describe(leaf.getPublicKey());
        if (!key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm()) || !keyType.equals(certificateKeyType)) {
            message.append(": the key is ").append(keyType).append(", the certificate's is ").append(certificateKeyType);
        }
        for (int i = 1; i < chain.size(); i++) {
            if (matches(key, chain.get(i).getPublicKey())) {
                message.append("; it matches certificate ").append(i + 1).append(" (")
                        .append(Certificates.name(chain.get(i)))
                        .append(") - the server certificate must come first in the file");
                break;
            }
        }
        return message.toString();
    }
}
