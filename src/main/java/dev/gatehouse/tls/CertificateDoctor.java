package dev.gatehouse.tls;

import dev.gatehouse.config.KeySource;
import dev.gatehouse.config.ServerNames;
import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.tls.CertificateFinding.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code gatehouse check}, per site, offline: does the key match, is the chain ordered and complete,
 * do the SANs cover the server names, is it valid now and for how long, is the key strong enough, and
 * is the private-key file private. Every finding is one sentence saying what is wrong and what to do.
 */
public final class CertificateDoctor {

    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private CertificateDoctor() {
    }

    /** What the doctor found for one site; {@code material} is null when the key material did not load. */
    public record Report(String siteId, List<String> serverNames, KeyMaterial material,
            List<CertificateFinding> findings) {

        public long count(Severity severity) {
            return findings.stream().filter(f -> f.severity() == severity).count();
        }

        public boolean ok() {
            return count(Severity.ERROR) == 0;
        }
    }

    public static Report diagnose(SiteConfig site, List<String> alpn, Instant now) {
        List<CertificateFinding> findings = new ArrayList<>();
        KeySource source = site.tls().keySource();
        List<KeyMaterial> materials = List.of();
        try {
            materials = LoadedTls.loadMaterials(source);
        } catch (TlsSetupException e) {
            findings.add(new CertificateFinding(Severity.ERROR, e.getMessage()));
        }
        if (!materials.isEmpty()) {
            try {
                TlsSelfCheck.run(SslContexts.forServer(LoadedTls.withoutClientAuth(site.tls()), materials, alpn),
                        site.tls().protocols(), materials.get(0).source());
            } catch (TlsSetupException e) {
                findings.add(new CertificateFinding(Severity.ERROR, e.getMessage()));
            }
        }
        for (KeyMaterial material : materials) {
            findings.addAll(CertificateInspector.inspect(material, now, CertificateDoctor::issuedByJdkRoot));
            checkTopIssuer(material, findings);
            checkExpirySoon(material, now, findings);
            checkNames(site, material, findings);
        }
        KeyMaterial material = materials.isEmpty() ? null : materials.get(0);
        for (Path keyFile : privateKeyFiles(source)) {
            checkPrivate(keyFile, findings);
        }
        return new Report(site.id(), site.serverNames(), material, List.copyOf(findings));
    }

    /** The last certificate's issuer should be a root clients have; if the JDK lacks it, say so (private CA?). */
    private static void checkTopIssuer(KeyMaterial material, List<CertificateFinding> findings) {
        List<X509Certificate> chain = material.chain();
        X509Certificate top = chain.get(chain.size() - 1);
        if (chain.size() > 1 && !Certificates.isSelfIssued(top) && !issuedByJdkRoot(top)) {
            findings.add(new CertificateFinding(Severity.INFO, "the chain in " + material.source() + " ends with "
                    + Certificates.name(top) + ", issued by " + Certificates.issuerName(top)
                    + ", which is not a root the JDK trusts: fine for a private CA whose root the clients"
                    + " have, otherwise an intermediate is missing"));
        }
    }

    private static void checkExpirySoon(KeyMaterial material, Instant now, List<CertificateFinding> findings) {
        Instant notAfter = material.leaf().getNotAfter().toInstant();
        if (now.isBefore(notAfter) && Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            findings.add(new CertificateFinding(Severity.WARN, "certificate " + Certificates.name(material.leaf())
                    + " in " + material.source() + " expires in " + Duration.between(now, notAfter).toDays()
                    + " day(s), on " + notAfter + "; renew it"));
        }
    }

    /** Each configured name must be covered by a DNS SAN (a wildcard SAN covers one label). */
    private static void checkNames(SiteConfig site, KeyMaterial material, List<CertificateFinding> findings) {
        List<String> sans = dnsNames(material.leaf());
        for (String name : site.serverNames()) {
            boolean covered = name.startsWith("*.")
                    ? sans.stream().anyMatch(san -> san.equalsIgnoreCase(name))
                    : ServerNames.matchesAny(sans, name);
            if (!covered) {
                findings.add(new CertificateFinding(Severity.ERROR, "server name " + name + " of site " + site.id()
                        + " is not covered by the certificate " + Certificates.name(material.leaf()) + " in "
                        + material.source() + " (its DNS names: " + (sans.isEmpty() ? "none" : String.join(", ", sans))
                        + "); browsers will refuse it: get a certificate that lists " + name))
                ;
            }
        }
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // Unparseable SANs cover nothing.
        }
        return names;
    }

    private static List<Path> privateKeyFiles(KeySource source) {
        if (source instanceof KeySource.PemFiles pem) {
            return pem.privateKeys();
        }
        return List.of(((KeySource.KeyStoreFile) source).file());
    }

    private static void checkPrivate(Path keyFile, List<CertificateFinding> findings) {
        try {
            Path real = keyFile.toRealPath();
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
                findings.add(new CertificateFinding(Severity.WARN, "private key file " + real + " is readable by "
                        + (perms.contains(PosixFilePermission.OTHERS_READ) ? "every user" : "its group")
                        + " (mode " + PosixFilePermissions.toString(perms) + "); make it private: chmod 600 " + real
                        + " (or 640 with a group only gatehouse is in)"));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not POSIX or not there: the load above has said what matters.
        }
    }

    private static volatile List<X509Certificate> jdkRoots;

    /** Whether the certificate's issuer is a root in the JDK's default trust store (signature checked). */
    static boolean issuedByJdkRoot(X509Certificate certificate) {
        for (X509Certificate root : jdkRoots()) {
            if (Certificates.isIssuedBy(certificate, root)) {
                return true;
            }
        }
        return false;
    }

    private static List<X509Certificate> jdkRoots() {
        List<X509Certificate> roots = jdkRoots;
        if (roots == null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                List<X509Certificate> found = new ArrayList<>();
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        found.addAll(List.of(x.getAcceptedIssuers()));
                    }
                }
                roots = List.copyOf(found);
            } catch (Exception e) {
                roots = List.of();
            }
            jdkRoots = roots;
        }
        return roots;
    }
}
