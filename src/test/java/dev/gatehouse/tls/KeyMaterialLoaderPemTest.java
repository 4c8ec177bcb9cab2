package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestPki.KeyKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyMaterialLoaderPemTest {

    private static final String PASSWORD = "s3cret pässword";

    private static TestPki pki;
    private static final Map<KeyKind, TestPki.Leaf> LEAVES = new EnumMap<>(KeyKind.class);

    @TempDir
    Path dir;

    @BeforeAll
    static void issueLeaves() {
        pki = TestPki.createWithIntermediate();
        for (KeyKind kind : KeyKind.values()) {
            LEAVES.put(kind, pki.leaf("localhost").key(kind).sans("localhost", "127.0.0.1", "::1").issue());
        }
    }

    /** Every way a key file can be written, with whether it needs the password. */
    enum KeyFormat {
        PKCS8(false, "-----BEGIN PRIVATE KEY-----") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeyPkcs8(file); }
        },
        PKCS8_DER(false, null) {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeyPkcs8Der(file); }
        },
        PKCS1(false, "-----BEGIN RSA PRIVATE KEY-----") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeyPkcs1(file); }
            @Override boolean appliesTo(KeyKind kind) { return kind.isRsa(); }
        },
        SEC1(false, "-----BEGIN EC PRIVATE KEY-----") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeySec1(file); }
            @Override boolean appliesTo(KeyKind kind) { return !kind.isRsa(); }
        },
        SEC1_WITH_EC_PARAMETERS(false, "-----BEGIN EC PARAMETERS-----") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeySec1WithParameters(file); }
            @Override boolean appliesTo(KeyKind kind) { return !kind.isRsa(); }
        },
        ENCRYPTED_PKCS8_AES(true, "-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeyEncryptedPkcs8(file, PASSWORD); }
        },
        ENCRYPTED_PKCS8_LEGACY_PBE(true, "-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeyEncryptedPkcs8Legacy(file, PASSWORD); }
        },
        LEGACY_ENCRYPTED_PEM(true, "Proc-Type: 4,ENCRYPTED") {
            @Override Path write(TestPki.Leaf leaf, Path file) { return leaf.writeKeyLegacyEncrypted(file, PASSWORD); }
        };

        final boolean encrypted;
        /** Text the written file must contain; {@code null} for DER (must not be PEM). */
        final String marker;

        KeyFormat(boolean encrypted, String marker) {
            this.encrypted = encrypted;
            this.marker = marker;
        }

        abstract Path write(TestPki.Leaf leaf, Path file);

        boolean appliesTo(KeyKind kind) {
            return true;
        }
    }

    static Stream<Arguments> keyFormats() {
        List<Arguments> table = new ArrayList<>();
        for (KeyKind kind : KeyKind.values()) {
            for (KeyFormat format : KeyFormat.values()) {
                if (format.appliesTo(kind)) {
                    table.add(Arguments.of(kind, format));
                }
            }
        }
        return table.stream();
    }

    static Stream<Arguments> encryptedFormats() {
        return keyFormats().filter(a -> ((KeyFormat) a.get()[1]).encrypted);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keyFormats")
    void loadsEveryKeyFormat(KeyKind kind, KeyFormat format) throws Exception {
        TestPki.Leaf leaf = LEAVES.get(kind);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = format.write(leaf, dir.resolve("privkey.pem"));
        String content = new String(Files.readAllBytes(key), StandardCharsets.ISO_8859_1);
        if (format.marker == null) {
            assertThat(content).doesNotContain("-----BEGIN");
        } else {
            assertThat(content).contains(format.marker);
        }

        KeyMaterial material = KeyMaterialLoader.loadPem(chain, key, format.encrypted ? PASSWORD.toCharArray() : null);

        assertThat(material.chain()).containsExactlyElementsOf(leaf.chain());
        assertThat(material.leaf()).isEqualTo(leaf.certificate());
        assertThat(material.keyType()).isEqualTo(kind.description());
        assertThat(material.source()).isEqualTo(chain + " + " + key);
        assertSameKey(material.privateKey(), leaf.privateKey());
        assertUsableJdkKey(material);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyKind.class)
    void loadsCombinedKeyAndChainFile(KeyKind kind) throws Exception {
        TestPki.Leaf leaf = LEAVES.get(kind);
        Path combined = leaf.writeKeyAndChainPem(dir.resolve("combined.pem"));

        KeyMaterial same = KeyMaterialLoader.loadPem(combined, combined, null);
        KeyMaterial implicit = KeyMaterialLoader.loadPem(combined, null, null);

        assertThat(same.chain()).containsExactlyElementsOf(leaf.chain());
        assertThat(same.source()).isEqualTo(combined.toString());
        assertSameKey(same.privateKey(), leaf.privateKey());
        assertThat(implicit.chain()).containsExactlyElementsOf(leaf.chain());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyKind.class)
    void loadsDerCertificateAndDerKey(KeyKind kind) throws Exception {
        TestPki.Leaf leaf = LEAVES.get(kind);
        Path certificate = leaf.writeCertificateDer(dir.resolve("cert.der"));
        Path key = leaf.writeKeyPkcs8Der(dir.resolve("key.der"));

        KeyMaterial material = KeyMaterialLoader.loadPem(certificate, key, null);

        assertThat(material.chain()).containsExactly(leaf.certificate());
        assertSameKey(material.privateKey(), leaf.privateKey());
    }

    @Test
    void ignoresTextAroundPemBlocksAndUnrelatedBlocks() throws Exception {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path chain = leaf.writeChainPem(dir.resolve("chain.pem"));
        Path key = leaf.writeKeyPkcs8(dir.resolve("key.pem"));
        Files.writeString(chain, "Bag Attributes\n    friendlyName: server\nsubject=CN = localhost\n"
                + Files.readString(chain) + "-----BEGIN DH PARAMETERS-----\nMAYCAQACAQI=\n-----END DH PARAMETERS-----\n");

        KeyMaterial material = KeyMaterialLoader.loadPem(chain, key, null);

        assertThat(material.chain()).containsExactlyElementsOf(leaf.chain());
    }

    @Test
    void passwordForAnUnencryptedKeyIsIgnored() throws Exception {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        KeyMaterial material = KeyMaterialLoader.loadPem(leaf.writeChainPem(dir.resolve("c.pem")),
                leaf.writeKeyPkcs8(dir.resolve("k.pem")), "unused".toCharArray());
        assertSameKey(material.privateKey(), leaf.privateKey());
    }

    // ---- errors ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encryptedFormats")
    void wrongKeyPasswordIsReportedAsSuch(KeyKind kind, KeyFormat format) {
        TestPki.Leaf leaf = LEAVES.get(kind);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = format.write(leaf, dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, "wrong".toCharArray()))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessage(key + ": wrong password for the encrypted private key (tls.key-password)")
                .hasCauseInstanceOf(Exception.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encryptedFormats")
    void encryptedKeyWithoutPasswordAsksForOne(KeyKind kind, KeyFormat format) {
        TestPki.Leaf leaf = LEAVES.get(kind);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = format.write(leaf, dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessage(key + ": the private key is encrypted and no password is set (tls.key-password)");
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingBothFiles() {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.RSA_2048);
        TestPki.Leaf other = pki.leaf("other.example").rsa(2048).issue();
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = other.writeKeyPkcs8(dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessage(key + ": the private key does not match the certificate in " + chain
                        + " (subject CN=localhost)");
    }

    @Test
    void mismatchOfKeyTypesSaysWhichTypes() {
        Path chain = LEAVES.get(KeyKind.RSA_2048).writeChainPem(dir.resolve("fullchain.pem"));
        Path key = LEAVES.get(KeyKind.EC_P384).writeKeyPkcs8(dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessageStartingWith(key + ": the private key does not match the certificate in " + chain)
                .hasMessageEndingWith("the key is EC P-384, the certificate's is RSA 2048");
    }

    @Test
    void ecKeyOfAnotherCertificateOnTheSameCurveIsRejected() {
        Path chain = LEAVES.get(KeyKind.EC_P256).writeChainPem(dir.resolve("fullchain.pem"));
        Path key = pki.leaf("localhost").ecP256().issue().writeKeySec1(dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessage(key + ": the private key does not match the certificate in " + chain + " (subject CN=localhost)");
    }

    @Test
    void leafNotFirstIsExplained() throws Exception {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path intermediateFirst = dir.resolve("reversed.pem");
        Files.writeString(intermediateFirst, pem("CERTIFICATE", leaf.chain().get(1).getEncoded())
                + pem("CERTIFICATE", leaf.certificate().getEncoded()));
        Path key = leaf.writeKeyPkcs8(dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(intermediateFirst, key, null))
                .hasMessageContaining("does not match the certificate in " + intermediateFirst
                        + " (subject CN=Gatehouse Test Intermediate)")
                .hasMessageEndingWith("it matches certificate 2 (CN=localhost) - the server certificate must come first in the file");
    }

    @Test
    void certificateFileWithoutCertificate() throws Exception {
        Path text = Files.writeString(dir.resolve("cert.pem"), "hello, I am not a certificate\n");
        Path key = LEAVES.get(KeyKind.EC_P256).writeKeyPkcs8(dir.resolve("key.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(text, key, null))
                .hasMessage(text + ": no certificate found (expected PEM \"-----BEGIN CERTIFICATE-----\" blocks)");
    }

    @Test
    void swappedCertificateAndKeyFilesAreSuspected() {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = leaf.writeKeyPkcs8(dir.resolve("privkey.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(key, chain, null))
                .hasMessage(key + ": no certificate found (expected PEM \"-----BEGIN CERTIFICATE-----\" blocks;"
                        + " it holds a private key - are the certificate and key files swapped?)");
    }

    @Test
    void keyFileWithoutKey() {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path alsoChain = leaf.writeChainPem(dir.resolve("key.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, alsoChain, null))
                .hasMessage(alsoChain + ": no private key found (it holds 2 certificate(s) - is it the certificate file?)");
    }

    @Test
    void combinedFileWithoutKey() {
        Path chain = LEAVES.get(KeyKind.EC_P256).writeChainPem(dir.resolve("fullchain.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, null, null))
                .hasMessageStartingWith(chain + ": no private key found");
    }

    @Test
    void missingFile() {
        Path chain = LEAVES.get(KeyKind.EC_P256).writeChainPem(dir.resolve("fullchain.pem"));
        Path missing = dir.resolve("x.pem");

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, missing, null)).hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(missing, chain, null)).hasMessage(missing + ": file not found");
    }

    @Test
    void unreadableFile() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root can read any file").isNotEqualTo("root");
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = leaf.writeKeyPkcs8(dir.resolve("privkey.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null)).hasMessage(key + ": not readable by this user");
    }

    @Test
    void directoryAndEmptyFile() throws Exception {
        Path chain = LEAVES.get(KeyKind.EC_P256).writeChainPem(dir.resolve("fullchain.pem"));
        Path empty = Files.createFile(dir.resolve("empty.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, dir, null)).hasMessage(dir + ": is a directory, not a file");
        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, empty, null)).hasMessage(empty + ": the file is empty");
    }

    @Test
    void malformedPem() throws Exception {
        Path chain = LEAVES.get(KeyKind.EC_P256).writeChainPem(dir.resolve("fullchain.pem"));
        Path key = Files.writeString(dir.resolve("key.pem"),
                "-----BEGIN PRIVATE KEY-----\n!!!! not base64 !!!!\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessageStartingWith(key + ": malformed PEM data (");
    }

    @Test
    void damagedCertificateIsNamedByPosition() throws Exception {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        byte[] broken = leaf.chain().get(1).getEncoded();
        broken = java.util.Arrays.copyOf(broken, broken.length / 2);
        Path chain = Files.writeString(dir.resolve("fullchain.pem"),
                pem("CERTIFICATE", leaf.certificate().getEncoded()) + pem("CERTIFICATE", broken));
        Path key = leaf.writeKeyPkcs8(dir.resolve("key.pem"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessageStartingWith(chain + ": certificate 2 is not a valid X.509 certificate");
    }

    @Test
    void twoKeysInOneFile() throws Exception {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path chain = leaf.writeChainPem(dir.resolve("fullchain.pem"));
        Path key = leaf.writeKeyPkcs8(dir.resolve("key.pem"));
        Files.writeString(key, Files.readString(key) + Files.readString(LEAVES.get(KeyKind.EC_P384).writeKeyPkcs8(dir.resolve("k2.pem"))));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, key, null))
                .hasMessage(key + ": holds 2 private keys; expected exactly one");
    }

    @Test
    void unsupportedKeyTypes() throws Exception {
        Path chain = LEAVES.get(KeyKind.EC_P256).writeChainPem(dir.resolve("fullchain.pem"));
        Path ed25519 = Files.writeString(dir.resolve("ed.pem"),
                pem("PRIVATE KEY", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded()));
        KeyPairGenerator p521 = KeyPairGenerator.getInstance("EC");
        p521.initialize(new ECGenParameterSpec("secp521r1"));
        Path ecP521 = Files.writeString(dir.resolve("p521.pem"), pem("PRIVATE KEY", p521.generateKeyPair().getPrivate().getEncoded()));

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, ed25519, null))
                .hasMessage(ed25519 + ": unsupported key type Ed25519 (supported: RSA, EC P-256, EC P-384)");
        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(chain, ecP521, null))
                .hasMessage(ecP521 + ": unsupported key type EC P-521 (supported: RSA, EC P-256, EC P-384)");
    }

    @Test
    void keyStoreGivenAsCertificateFile() {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path p12 = leaf.writePkcs12(dir.resolve("site.p12"), "server", "changeit");

        assertThatThrownBy(() -> KeyMaterialLoader.loadPem(p12, p12, null))
                .hasMessage(p12 + ": no certificate found: this is a PKCS#12 key store, configure it as a key store instead");
    }

    // ---- helpers -----------------------------------------------------------------------------

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static void assertSameKey(PrivateKey actual, PrivateKey expected) {
        assertThat(actual.getAlgorithm()).isEqualTo(expected.getAlgorithm());
        if (expected instanceof RSAPrivateKey rsa) {
            assertThat(((RSAPrivateKey) actual).getModulus()).isEqualTo(rsa.getModulus());
            assertThat(((RSAPrivateKey) actual).getPrivateExponent()).isEqualTo(rsa.getPrivateExponent());
        } else {
            assertThat(((ECPrivateKey) actual).getS()).isEqualTo(((ECPrivateKey) expected).getS());
            assertThat(((ECPrivateKey) actual).getParams().getOrder()).isEqualTo(((ECPrivateKey) expected).getParams().getOrder());
        }
    }

    /** The key must be a JDK object and work with the JDK's own signature implementations. */
    static void assertUsableJdkKey(KeyMaterial material) throws Exception {
        assertThat(material.privateKey().getClass().getName()).doesNotStartWith("org.bouncycastle");
        String algorithm = material.privateKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(material.privateKey());
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(material.leaf().getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(signer.getProvider().getName()).startsWith("Sun");
    }
}
