package dev.gatehouse.testing;

import dev.gatehouse.tls.KeyMaterial;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A throw-away PKI for tests, generated at run time: a root CA (EC P-256, {@code CN=Gatehouse Test
 * Root}), optionally an intermediate, and server certificates that JDK TLS and BoringSSL accept
 * (serverAuth EKU, DNS/IP SANs, key identifiers, proper basic constraints), plus writers for every
 * key and certificate file format Gatehouse reads.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * TestPki.Leaf leaf = pki.leaf("localhost").rsa(2048).validFor(Duration.ofDays(30)).issue();
 * Path chain = leaf.writeChainPem(dir.resolve("chain.pem"));
 * Path key = leaf.writeKeyPkcs8(dir.resolve("key.pem"));
 * Path ca = pki.writeCaPem(dir.resolve("ca.pem"));
 * }</pre>
 *
 * All methods throw unchecked exceptions, so tests need no {@code throws} clauses.
 */
public final class TestPki {

    /** Only for building and encrypting; never registered, like in production code. */
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Certificates start a little in the past so that clock skew between checks does not matter. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Issuer root;
    private final Issuer intermediate; // null: leaves are issued by the root

    private record Issuer(X509Certificate certificate, PrivateKey key) {
    }

    private TestPki(boolean withIntermediate) {
        Instant now = Instant.now();
        KeyPair rootKeys = generate(KeyKind.EC_P256, 0);
        X509Certificate rootCertificate = sign(new X500Name("CN=Gatehouse Test Root"), rootKeys.getPublic(), null,
                rootKeys.getPrivate(), now.minus(BACKDATE), now.plus(CA_VALIDITY), Role.ROOT, List.of());
        this.root = new Issuer(rootCertificate, rootKeys.getPrivate());
        if (withIntermediate) {
            KeyPair keys = generate(KeyKind.EC_P256, 0);
            X509Certificate certificate = sign(new X500Name("CN=Gatehouse Test Intermediate"), keys.getPublic(),
                    root.certificate(), root.key(), now.minus(BACKDATE), now.plus(CA_VALIDITY), Role.INTERMEDIATE,
                    List.of());
            this.intermediate = new Issuer(certificate, keys.getPrivate());
        } else {
            this.intermediate = null;
        }
    }

    /** A root CA that issues leaf certificates directly. */
    public static TestPki create() {
        return new TestPki(false);
    }

    /** A root CA and an intermediate CA ({@code CN=Gatehouse Test Intermediate}) that issues the leaves. */
    public static TestPki createWithIntermediate() {
        return new TestPki(true);
    }

    /** The root, to be trusted by clients. */
    public X509Certificate caCertificate() {
        return root.certificate();
    }

    public Optional<X509Certificate> intermediateCertificate() {
        return Optional.ofNullable(intermediate).map(Issuer::certificate);
    }

    /** Writes the root certificate as PEM (a client trust file). */
    public Path writeCaPem(Path file) {
        return writePem(file, List.of(root.certificate()));
    }

    /** Writes a PKCS#12 trust store holding only the root, as alias {@code ca}. */
    public Path writeTrustStorePkcs12(Path file, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", root.certificate());
            return writeStore(store, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a server certificate for {@code commonName}; defaults: EC P-256, SAN = the CN, valid 90 days
     * (as from Let's Encrypt; under 30 days left, {@code gatehouse check} warns). */
    public LeafBuilder leaf(String commonName) {
        return new LeafBuilder(commonName);
    }

    /** The key algorithms Gatehouse supports, for parameterised tests. */
    public enum KeyKind {
        RSA_2048("RSA 2048"), EC_P256("EC P-256"), EC_P384("EC P-384");

        private final String description;

        KeyKind(String description) {
            this.description = description;
        }

        /** As {@code KeyMaterial.keyType()} reports it. */
        public String description() {
            return description;
        }

        public boolean isRsa() {
            return this == RSA_2048;
        }
    }

    public final class LeafBuilder {
        private final String commonName;
        private KeyKind kind = KeyKind.EC_P256;
        private int rsaBits = 2048;
        private List<String> sans;
        private Instant notBefore;
        private Instant notAfter;
        private boolean client;

        private LeafBuilder(String commonName) {
            this.commonName = commonName;
            this.sans = List.of(commonName);
            validFor(Duration.ofDays(90));
        }

        /** RSA key of the given size (1024 is allowed, to test weak-key warnings). */
        public LeafBuilder rsa(int bits) {
            this.kind = KeyKind.RSA_2048;
            this.rsaBits = bits;
            return this;
        }

        public LeafBuilder ecP256() {
            return key(KeyKind.EC_P256);
        }

        public LeafBuilder ecP384() {
            return key(KeyKind.EC_P384);
        }

        public LeafBuilder key(KeyKind kind) {
            this.kind = kind;
            this.rsaBits = 2048;
            return this;
        }

        /** Subject alternative names; IPv4/IPv6 literals become IP SANs, anything else DNS SANs. */
        public LeafBuilder sans(String... names) {
            this.sans = List.of(names);
            return this;
        }

        /** Valid from just before now for {@code duration}. */
        public LeafBuilder validFor(Duration duration) {
            Instant now = Instant.now();
            return validBetween(now.minus(BACKDATE), now.plus(duration));
        }

        /** Explicit validity, e.g. in the past (expired) or future (not yet valid). */
        public LeafBuilder validBetween(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        /** A client certificate (extended key usage clientAuth) for mutual TLS. */
        public LeafBuilder forClient() {
            this.client = true;
            return this;
        }

        public Leaf issue() {
            Issuer issuer = intermediate != null ? intermediate : root;
            KeyPair keys = generate(kind, rsaBits);
            X509Certificate certificate = sign(new X500Name("CN=" + commonName), keys.getPublic(),
                    issuer.certificate(), issuer.key(), notBefore, notAfter, client ? Role.CLIENT : Role.LEAF, sans);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (intermediate != null) {
                chain.add(intermediate.certificate());
            }
            return new Leaf(keys.getPrivate(), chain);
        }
    }

    /** An issued server certificate with its key, and writers for every file format. */
    public static final class Leaf {
        private final PrivateKey privateKey;
        private final List<X509Certificate> chain;

        private Leaf(PrivateKey privateKey, List<X509Certificate> chain) {
            this.privateKey = privateKey;
            this.chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** A JDK key object (as generated by the JDK). */
        public PrivateKey privateKey() {
            return privateKey;
        }

        /** Leaf first, then the intermediate if the PKI has one (never the root). */
        public List<X509Certificate> chain() {
            return chain;
        }

        public KeyMaterial keyMaterial() {
            return new KeyMaterial(privateKey, chain, "TestPki leaf " + certificate().getSubjectX500Principal().getName());
        }

        /** Leaf + intermediate as PEM, what servers are configured with ("fullchain.pem"). */
        public Path writeChainPem(Path file) {
            return writePem(file, chain);
        }

        /** Only the leaf certificate as PEM. */
        public Path writeCertificatePem(Path file) {
            return writePem(file, List.of(certificate()));
        }

        /** Only the leaf certificate, DER encoded. */
        public Path writeCertificateDer(Path file) {
            try {
                return write(file, certificate().getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code BEGIN PRIVATE KEY}. */
        public Path writeKeyPkcs8(Path file) {
            return writePemObjects(file, List.of(new PemObject("PRIVATE KEY", privateKey.getEncoded())));
        }

        /** Unencrypted PKCS#8, DER encoded. */
        public Path writeKeyPkcs8Der(Path file) {
            return write(file, privateKey.getEncoded());
        }

        /** {@code BEGIN RSA PRIVATE KEY}; RSA keys only. */
        public Path writeKeyPkcs1(Path file) {
            requireAlgorithm("RSA");
            try {
                byte[] pkcs1 = PrivateKeyInfo.getInstance(privateKey.getEncoded()).parsePrivateKey()
                        .toASN1Primitive().getEncoded();
                return writePemObjects(file, List.of(new PemObject("RSA PRIVATE KEY", pkcs1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code BEGIN EC PRIVATE KEY} with curve and public key inside, as OpenSSL writes it; EC only. */
        public Path writeKeySec1(Path file) {
            return writePemObjects(file, List.of(new PemObject("EC PRIVATE KEY", encoded(sec1()))));
        }

        /** Like {@code openssl ecparam -genkey}: an {@code EC PARAMETERS} block, then the SEC1 key. */
        public Path writeKeySec1WithParameters(Path file) {
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 = sec1();
            return writePemObjects(file, List.of(
                    new PemObject("EC PARAMETERS", encoded(sec1.getParametersObject())),
                    new PemObject("EC PRIVATE KEY", encoded(sec1))));
        }

        /** {@code BEGIN ENCRYPTED PRIVATE KEY}, PBES2 with AES-256-CBC (OpenSSL 3's default). */
        public Path writeKeyEncryptedPkcs8(Path file, String password) {
            return writeEncryptedPkcs8(file, PKCS8Generator.AES_256_CBC, password);
        }

        /** {@code BEGIN ENCRYPTED PRIVATE KEY} with legacy PKCS#12 PBE (SHA1 + 3DES), as old tools write it. */
        public Path writeKeyEncryptedPkcs8Legacy(Path file, String password) {
            return writeEncryptedPkcs8(file, PKCS8Generator.PBE_SHA1_3DES, password);
        }

        /** OpenSSL "traditional" encrypted PEM: {@code Proc-Type: 4,ENCRYPTED} + {@code DEK-Info} (AES-128-CBC). */
        public Path writeKeyLegacyEncrypted(Path file, String password) {
            try {
                Object traditional = privateKey.getAlgorithm().equals("EC")
                        ? new PrivateKeyInfo(PrivateKeyInfo.getInstance(privateKey.getEncoded()).getPrivateKeyAlgorithm(), sec1())
                        : PrivateKeyInfo.getInstance(privateKey.getEncoded());
                return writePemObjects(file, List.of(new JcaMiscPEMGenerator(traditional,
                        new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).setSecureRandom(RANDOM)
                                .build(password.toCharArray()))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** One PEM file with the unencrypted PKCS#8 key followed by the chain. */
        public Path writeKeyAndChainPem(Path file) {
            try {
                List<PemObjectGenerator> objects = new ArrayList<>();
                objects.add(new PemObject("PRIVATE KEY", privateKey.getEncoded()));
                for (X509Certificate certificate : chain) {
                    objects.add(new PemObject("CERTIFICATE", certificate.getEncoded()));
                }
                return writePemObjects(file, objects);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** PKCS#12 with one key entry; the key is protected by the store password. */
        public Path writePkcs12(Path file, String alias, String password) {
            return writePkcs12(file, alias, password, password);
        }

        public Path writePkcs12(Path file, String alias, String storePassword, String keyPassword) {
            return writeKeyStore("PKCS12", file, alias, storePassword, keyPassword);
        }

        public Path writeJks(Path file, String alias, String storePassword, String keyPassword) {
            return writeKeyStore("JKS", file, alias, storePassword, keyPassword);
        }

        private Path writeKeyStore(String type, Path file, String alias, String storePassword, String keyPassword) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(null, null);
                store.setKeyEntry(alias, privateKey, keyPassword.toCharArray(), chain.toArray(new X509Certificate[0]));
                return writeStore(store, file, storePassword);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private Path writeEncryptedPkcs8(Path file, ASN1ObjectIdentifier algorithm, String password) {
            try {
                OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(algorithm).setProvider(BC)
                        .setRandom(RANDOM).setPassword(password.toCharArray()).build();
                return writePemObjects(file, List.of(new JcaPKCS8Generator(privateKey, encryptor)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** The full SEC1 structure; the JDK's PKCS#8 encoding omits the curve and public key inside. */
        private org.bouncycastle.asn1.sec.ECPrivateKey sec1() {
            requireAlgorithm("EC");
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKey.getEncoded());
            ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            ECPrivateKey ec = (ECPrivateKey) privateKey;
            SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(certificate().getPublicKey().getEncoded());
            return new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                    publicKey.getPublicKeyData(), curve);
        }

        private void requireAlgorithm(String algorithm) {
            if (!privateKey.getAlgorithm().equals(algorithm)) {
                throw new IllegalStateException("this format needs an " + algorithm + " key, the leaf has "
                        + privateKey.getAlgorithm());
            }
        }
    }

    // ---- generation -------------------------------------------------------------------------

    private enum Role { ROOT, INTERMEDIATE, LEAF, CLIENT }

    private static KeyPair generate(KeyKind kind, int rsaBits) {
        try {
            if (kind.isRsa()) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(rsaBits, RANDOM);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(kind == KeyKind.EC_P256 ? "secp256r1" : "secp384r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues a certificate; {@code issuer == null} means self-signed (the root). */
    private static X509Certificate sign(X500Name subject, PublicKey publicKey, X509Certificate issuer,
            PrivateKey issuerKey, Instant notBefore, Instant notAfter, Role role, List<String> sans) {
        try {
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            // Positive, random and at most 20 octets, as RFC 5280 asks.
            BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, publicKey);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, issuer == null
                    ? extensions.createAuthorityKeyIdentifier(publicKey)
                    : extensions.createAuthorityKeyIdentifier(issuer));
            switch (role) {
                case ROOT -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case INTERMEDIATE -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case LEAF, CLIENT -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    int usage = KeyUsage.digitalSignature
                            | (publicKey.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                    builder.addExtension(Extension.extendedKeyUsage, false, role == Role.CLIENT
                            ? new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)
                            : new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(sans));
                }
            }
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue certificate for " + subject, e);
        }
    }

    private static GeneralNames subjectAlternativeNames(List<String> names) {
        GeneralName[] result = new GeneralName[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            result[i] = IPAddress.isValid(name)
                    ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name);
        }
        return new GeneralNames(result);
    }

    // ---- writing ----------------------------------------------------------------------------

    private static Path writePem(Path file, List<X509Certificate> certificates) {
        try (Writer out = Files.newBufferedWriter(prepare(file), StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                pem.writeObject(certificate);
            }
            pem.flush();
            return ownerOnly(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writePemObjects(Path file, List<? extends PemObjectGenerator> objects) {
        try (Writer out = Files.newBufferedWriter(prepare(file), StandardCharsets.US_ASCII);
                PemWriter pem = new PemWriter(out)) {
            for (PemObjectGenerator object : objects) {
                pem.writeObject(object);
            }
            pem.flush();
            return ownerOnly(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path writeStore(KeyStore store, Path file, String password)
            throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(prepare(file))) {
            store.store(out, password.toCharArray());
        }
        return ownerOnly(file);
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return ownerOnly(Files.write(prepare(file), bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encoded(ASN1Encodable object) {
        try {
            return object.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Everything written is owner-only (0600), as an operator keeps key files: the doctor warns about
     * group- or world-readable keys, and a test that wants that case sets the mode itself.
     */
    private static Path ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to tighten.
        }
        return file;
    }

    private static Path prepare(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }
}
