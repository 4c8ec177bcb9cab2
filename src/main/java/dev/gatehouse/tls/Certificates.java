package dev.gatehouse.tls;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** How certificates are named in messages and how issuing is recognised. */
final class Certificates {

    private Certificates() {
    }

    /** The subject DN as operators see it from {@code openssl x509 -subject} (RFC 2253 order). */
    static String name(X509Certificate certificate) {
        String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return dn.isEmpty() ? "(empty subject, serial " + certificate.getSerialNumber().toString(16) + ")" : dn;
    }

    static String issuerName(X509Certificate certificate) {
        return certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    /** Name match alone is not proof (two CAs can share a name), so the signature is checked too. */
    static boolean isIssuedBy(X509Certificate child, X509Certificate issuer) {
        if (!namesAsIssuer(child, issuer)) {
            return false;
        }
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether {@code child} names {@code issuer}'s subject as its issuer (names only, no signature check). */
    static boolean namesAsIssuer(X509Certificate child, X509Certificate issuer) {
        return child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
    }
}
