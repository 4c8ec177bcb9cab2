package dev.gatehouse.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local development CA of {@code gatehouse serve}: a CA and a certificate for localhost,
 * 127.0.0.1 and ::1, made with Bouncy Castle, kept in a state folder and reused on the next start (so
 * the CA a developer trusted once stays trusted). The leaf is reissued when it nears expiry.
 */
public final class DevCertificates {

    public static final String CA_FILE = "dev-ca.pem";
    private static final String CA_KEY_FILE = "dev-ca-key.pem";
    private static final String LEAF_FILE = "localhost.pem";
    private static final String LEAF_KEY_FILE = "localhost-key.pem";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(90);
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    /** Where the files are: the CA to trust, and the chain and key to serve. */
    public record DevFiles(Path caCertificate, Path chain, Path privateKey) {
    }

    private DevCertificates() {
    }

    public static DevFiles ensure(Path stateDir) throws IOException, GeneralSecurityException {
        Files.createDirectories(stateDir);
        Path caCert = stateDir.resolve(CA_FILE);
        Path caKey = stateDir.resolve(CA_KEY_FILE);
        Path leafCert = stateDir.resolve(LEAF_FILE);
        Path leafKey = stateDir.resolve(LEAF_KEY_FILE);
        KeyMaterial ca;
        if (Files.exists(caCert) && Files.exists(caKey)) {
            ca = loadQuietly(caCert, caKey);
        } else {
            ca = null;
        }
        Instant now = Instant.now();
        if (ca == null || ca.leaf().getNotAfter().toInstant().isBefore(now.plus(LEAF_VALIDITY))) {
            KeyPair caPair = ecKeyPair();
            X509Certificate caCertificate = issue(new X500Name("CN=Gatehouse Development CA " + now.getEpochSecond()),
                    caPair, null, caPair, CA_VALIDITY, true, List.of());
            writePem(caKey, caPair.getPrivate(), true);
            writePem(caCert, caCertificate, false);
            ca = new KeyMaterial(caPair.getPrivate(), List.of(caCertificate), caCert.toString());
            Files.deleteIfExists(leafCert);
        }
        boolean leafFresh = false;
        if (Files.exists(leafCert) && Files.exists(leafKey)) {
            KeyMaterial leaf = loadQuietly(leafCert, leafKey);
            leafFresh = leaf != null && leaf.leaf().getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
                    && leaf.leaf().getIssuerX500Principal().equals(ca.leaf().getSubjectX500Principal());
        }
        if (!leafFresh) {
            KeyPair leafPair = ecKeyPair();
            X509Certificate leaf = issue(new X500Name("CN=localhost"), leafPair,
                    new X500Name(ca.leaf().getSubjectX500Principal().getName()),
                    new KeyPair(ca.leaf().getPublicKey(), ca.privateKey()), LEAF_VALIDITY, false,
                    List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.iPAddress, "::1")));
            writePem(leafKey, leafPair.getPrivate(), true);
            writePem(leafCert, leaf, false);
        }
        return new DevFiles(caCert, leafCert, leafKey);
    }

    /** Unreadable or damaged state is simply made anew. */
    private static KeyMaterial loadQuietly(Path cert, Path key) {
        try {
            return KeyMaterialLoader.loadPem(cert, key, null);
        } catch (KeyMaterialException e) {
            return null;
        }
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate issue(X500Name subject, KeyPair subjectPair, X500Name issuer, KeyPair issuerPair,
            Duration validity, boolean ca, List<GeneralName> sans) throws GeneralSecurityException {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer == null ? subject : issuer,
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject,
                    subjectPair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectPair.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(issuerPair.getPublic()));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerPair.getPrivate())));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot issue a development certificate", e);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        Writer text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            // Keys as unencrypted PKCS#8, the form every tool reads.
            pem.writeObject(object instanceof java.security.PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
        }
        Files.writeString(tmp, text.toString(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
