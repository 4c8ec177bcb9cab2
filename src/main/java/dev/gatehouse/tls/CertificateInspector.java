package dev.gatehouse.tls;

import dev.gatehouse.tls.CertificateFinding.Severity;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a loaded chain for problems that do not stop the server from starting but will bite
 * clients: expiry, wrong order, a missing intermediate, weak keys. Pure: no trust store, no
 * network, the clock is a parameter.
 */
public final class CertificateInspector {

    static final int MIN_RSA_BITS = 2048;

    private CertificateInspector() {
    }

    public static List<CertificateFinding> inspect(KeyMaterial material, Instant now) {
        return inspect(material, now, issuer -> false);
    }

    /**
     * @param trustedRoot whether a certificate's issuer is a root the clients trust anyway (the doctor
     *     asks the JDK trust store), so that a leaf signed directly by such a root is not "incomplete"
     */
    public static List<CertificateFinding> inspect(KeyMaterial material, Instant now,
            java.util.function.Predicate<X509Certificate> trustedRoot) {
        List<CertificateFinding> findings = new ArrayList<>();
        List<X509Certificate> chain = material.chain();
        String source = material.source();
        for (X509Certificate certificate : chain) {
            checkValidity(certificate, source, now, findings);
            checkKeyStrength(certificate, source, findings);
        }
        checkOrder(chain, source, findings);
        if (!trustedRoot.test(chain.get(0))) {
            checkCompleteness(chain, source, findings);
        }
        return List.copyOf(findings);
    }

    private static void checkValidity(X509Certificate certificate, String source, Instant now,
            List<CertificateFinding> findings) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            findings.add(new CertificateFinding(Severity.ERROR, "certificate " + Certificates.name(certificate)
                    + " in " + source + " expired on " + notAfter));
        } else if (now.isBefore(notBefore)) {
            findings.add(new CertificateFinding(Severity.ERROR, "certificate " + Certificates.name(certificate)
                    + " in " + source + " is not valid yet: its validity starts on " + notBefore));
        }
    }

    private static void checkKeyStrength(X509Certificate certificate, String source, List<CertificateFinding> findings) {
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            findings.add(new CertificateFinding(Severity.WARN, "certificate " + Certificates.name(certificate)
                    + " in " + source + " has a weak " + rsa.getModulus().bitLength()
                    + "-bit RSA key; use at least " + MIN_RSA_BITS + " bits"));
        }
    }

    /** TLS sends the chain as configured; clients expect each certificate to be followed by its issuer. */
    private static void checkOrder(List<X509Certificate> chain, String source, List<CertificateFinding> findings) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            if (Certificates.isIssuedBy(certificate, next)) {
                continue;
            }
            StringBuilder message = new StringBuilder("chain in ").append(source).append(" is out of order: certificate ")
                    .append(i + 1).append(" (").append(Certificates.name(certificate))
                    .append(") is not issued by certificate ").append(i + 2).append(" (")
                    .append(Certificates.name(next)).append(") that follows it");
            int issuer = indexOfIssuer(chain, certificate);
            if (issuer >= 0) {
                message.append("; its issuer is certificate ").append(issuer + 1);
            } else if (!Certificates.isSelfIssued(certificate)) {
                message.append("; its issuer ").append(Certificates.issuerName(certificate)).append(" is not in the file");
            }
            message.append(" (expected order: server certificate first, then each issuer)");
            findings.add(new CertificateFinding(Severity.WARN, message.toString()));
        }
    }

    /**
     * Only the "leaf alone" case is flagged: a chain that ends in an intermediate is normal (the
     * root lives in the clients' trust stores), but a lone leaf from a CA usually means the
     * intermediate was forgotten, which browsers sometimes paper over and other clients do not.
     */
    private static void checkCompleteness(List<X509Certificate> chain, String source, List<CertificateFinding> findings) {
        X509Certificate leaf = chain.get(0);
        if (chain.size() == 1 && !Certificates.isSelfIssued(leaf)) {
            findings.add(new CertificateFinding(Severity.WARN, "chain in " + source + " looks incomplete: certificate "
                    + Certificates.name(leaf) + " is issued by " + Certificates.issuerName(leaf)
                    + " but no intermediate certificate follows it; unless that issuer is a root trusted by"
                    + " clients, use the full chain file (e.g. fullchain.pem)"));
        }
    }

    private static int indexOfIssuer(List<X509Certificate> chain, X509Certificate certificate) {
        for (int j = 0; j < chain.size(); j++) {
            if (chain.get(j) != certificate && Certificates.isIssuedBy(certificate, chain.get(j))) {
                return j;
            }
        }
        return -1;
    }
}
