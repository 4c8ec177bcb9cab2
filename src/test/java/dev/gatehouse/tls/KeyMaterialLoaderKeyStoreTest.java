package dev.gatehouse.tls;

import static dev.gatehouse.tls.KeyMaterialLoaderPemTest.assertSameKey;
import static dev.gatehouse.tls.KeyMaterialLoaderPemTest.assertUsableJdkKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestPki.KeyKind;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
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

class KeyMaterialLoaderKeyStoreTest {

    private static TestPki pki;
    private static final Map<KeyKind, TestPki.Leaf> LEAVES = new EnumMap<>(KeyKind.class);

    @TempDir
    Path dir;

    @BeforeAll
    static void issueLeaves() {
        pki = TestPki.createWithIntermediate();
        for (KeyKind kind : KeyKind.values()) {
            LEAVES.put(kind, pki.leaf("localhost").key(kind).issue());
        }
    }

    enum StoreType { PKCS12, JKS }

    /** Writes deliberately misleading names (.jks for PKCS#12, .p12 for JKS): detection must use content. */
    private Path write(StoreType type, TestPki.Leaf leaf, String storePassword, String keyPassword) {
        return type == StoreType.PKCS12
                ? leaf.writePkcs12(dir.resolve("store.jks"), "server", storePassword, keyPassword)
                : leaf.writeJks(dir.resolve("store.p12"), "server", storePassword, keyPassword);
    }

    static Stream<Arguments> storesAndKeys() {
        List<Arguments> table = new ArrayList<>();
        for (StoreType type : StoreType.values()) {
            for (KeyKind kind : KeyKind.values()) {
                table.add(Arguments.of(type, kind));
            }
        }
        return table.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("storesAndKeys")
    void loadsTheKeyEntry(StoreType type, KeyKind kind) throws Exception {
        TestPki.Leaf leaf = LEAVES.get(kind);
        Path store = write(type, leaf, "changeit", "changeit");

        KeyMaterial byDefault = KeyMaterialLoader.loadKeyStore(store, "changeit".toCharArray(), null, null);
        KeyMaterial byAlias = KeyMaterialLoader.loadKeyStore(store, "changeit".toCharArray(), "server", null);

        assertThat(byDefault.chain()).containsExactlyElementsOf(leaf.chain());
        assertThat(byDefault.source()).isEqualTo(store + " (alias server)");
        assertThat(byDefault.keyType()).isEqualTo(kind.description());
        assertSameKey(byDefault.privateKey(), leaf.privateKey());
        assertUsableJdkKey(byDefault);
        assertThat(byAlias.chain()).containsExactlyElementsOf(leaf.chain());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreType.class)
    void distinctKeyPassword(StoreType type) throws Exception {
        TestPki.Leaf leaf = LEAVES.get(KeyKind.EC_P256);
        Path store = write(type, leaf, "store-pass", "key-pass");

        KeyMaterial material = KeyMaterialLoader.loadKeyStore(store, "store-pass".toCharArray(), null, "key-pass".toCharArray());
        assertSameKey(material.privateKey(), leaf.privateKey());

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(store, "store-pass".toCharArray(), null, "nope".toCharArray()))
                .isInstanceOf(KeyMaterialException.class)
                .hasMessage(store + ": wrong password for the key of alias 'server' (tls.key-password)")
                .hasCauseInstanceOf(java.security.UnrecoverableKeyException.class);
        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(store, "store-pass".toCharArray(), null, null))
                .hasMessage(store + ": the key of alias 'server' has a different password than the key store; set tls.key-password");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreType.class)
    void wrongStorePassword(StoreType type) {
        Path store = write(type, LEAVES.get(KeyKind.RSA_2048), "changeit", "changeit");

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(store, "wrong".toCharArray(), null, null))
                .hasMessage(store + ": wrong key store password (tls.key-store-password)");
        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(store, null, null, null))
                .hasMessage(store + ": the key store is password protected and no password is set (tls.key-store-password)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreType.class)
    void unknownAliasListsTheAliases(StoreType type) {
        Path store = write(type, LEAVES.get(KeyKind.EC_P256), "changeit", "changeit");

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(store, "changeit".toCharArray(), "www", null))
                .hasMessage(store + ": no entry with alias 'www' (aliases present: server)");
    }

    @Test
    void trustStoreHasNoKeyEntry() {
        Path trustStore = pki.writeTrustStorePkcs12(dir.resolve("trust.p12"), "changeit");

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(trustStore, "changeit".toCharArray(), null, null))
                .hasMessage(trustStore + ": the key store holds no private key entry (aliases present: ca; is this a trust store?)");
        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(trustStore, "changeit".toCharArray(), "ca", null))
                .hasMessage(trustStore + ": alias 'ca' is a trusted certificate entry, not a private key entry (the store has no key entries)");
    }

    @Test
    void severalKeyEntriesWithoutAliasUsesAKeyEntryAndAliasSelectsTheOther() throws Exception {
        TestPki.Leaf first = LEAVES.get(KeyKind.EC_P256);
        TestPki.Leaf second = LEAVES.get(KeyKind.RSA_2048);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("first", first.privateKey(), "pw".toCharArray(), first.chain().toArray(new X509Certificate[0]));
        ks.setKeyEntry("second", second.privateKey(), "pw".toCharArray(), second.chain().toArray(new X509Certificate[0]));
        Path store = save(ks, "two.p12", "pw");

        KeyMaterial chosen = KeyMaterialLoader.loadKeyStore(store, "pw".toCharArray(), null, null);
        KeyMaterial selected = KeyMaterialLoader.loadKeyStore(store, "pw".toCharArray(), "second", null);

        assertThat(chosen.source()).isIn(store + " (alias first)", store + " (alias second)");
        assertThat(selected.keyType()).isEqualTo("RSA 2048");
        assertSameKey(selected.privateKey(), second.privateKey());
    }

    @Test
    void keyEntryWhoseKeyDoesNotMatchItsCertificate() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", pki.leaf("localhost").ecP256().issue().privateKey(), "pw".toCharArray(),
                LEAVES.get(KeyKind.EC_P256).chain().toArray(new X509Certificate[0]));
        Path store = save(ks, "mismatch.p12", "pw");

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(store, "pw".toCharArray(), null, null))
                .hasMessage(store + " (alias server): the private key does not match the certificate in the same entry (subject CN=localhost)");
    }

    @Test
    void pemFileIsNotAKeyStore() {
        Path pem = LEAVES.get(KeyKind.EC_P256).writeKeyAndChainPem(dir.resolve("site.p12"));

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(pem, "changeit".toCharArray(), null, null))
                .hasMessage(pem + ": is a PEM file, not a PKCS#12 or JKS key store (configure it as certificate/private key files instead)");
    }

    @Test
    void garbageIsNotAValidKeyStore() throws Exception {
        Path garbage = Files.write(dir.resolve("site.p12"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x05, 0x00, 0x11});

        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(garbage, "changeit".toCharArray(), null, null))
                .hasMessageStartingWith(garbage + ": not a valid PKCS#12 key store (");
    }

    @Test
    void missingKeyStore() {
        Path missing = dir.resolve("site.p12");
        assertThatThrownBy(() -> KeyMaterialLoader.loadKeyStore(missing, "changeit".toCharArray(), null, null))
                .hasMessage(missing + ": file not found");
    }

    private Path save(KeyStore ks, String name, String password) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }
}
