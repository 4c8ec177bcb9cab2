package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.TestPki;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

    private static final TestPki PKI = TestPki.createWithIntermediate();

    @Test
    void describesKeyTypes() {
        assertThat(PKI.leaf("a").rsa(2048).issue().keyMaterial().keyType()).isEqualTo("RSA 2048");
        assertThat(PKI.leaf("a").rsa(3072).issue().keyMaterial().keyType()).isEqualTo("RSA 3072");
        assertThat(PKI.leaf("a").ecP256().issue().keyMaterial().keyType()).isEqualTo("EC P-256");
        assertThat(PKI.leaf("a").ecP384().issue().keyMaterial().keyType()).isEqualTo("EC P-384");
    }

    @Test
    void toStringNeverShowsTheKey() {
        TestPki.Leaf rsa = PKI.leaf("example.org").rsa(2048).issue();
        TestPki.Leaf ec = PKI.leaf("example.org").ecP256().issue();
        KeyMaterial rsaMaterial = new KeyMaterial(rsa.privateKey(), rsa.chain(), "certs/a.pem");
        KeyMaterial ecMaterial = new KeyMaterial(ec.privateKey(), ec.chain(), "certs/b.pem");

        assertThat(rsaMaterial.toString())
                .isEqualTo("KeyMaterial[source=certs/a.pem, key=RSA 2048, leaf=CN=example.org, chain=2 certificate(s)]")
                .doesNotContain(((RSAPrivateCrtKey) rsa.privateKey()).getPrivateExponent().toString())
                .doesNotContain(((RSAPrivateCrtKey) rsa.privateKey()).getPrivateExponent().toString(16))
                .doesNotContain(Base64.getEncoder().encodeToString(rsa.privateKey().getEncoded()).substring(40, 80));
        assertThat(ecMaterial.toString())
                .doesNotContain(((ECPrivateKey) ec.privateKey()).getS().toString())
                .doesNotContain(((ECPrivateKey) ec.privateKey()).getS().toString(16));
    }

    @Test
    void chainIsCopiedAndMustNotBeEmpty() {
        TestPki.Leaf leaf = PKI.leaf("example.org").issue();
        java.util.ArrayList<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>(leaf.chain());
        KeyMaterial material = new KeyMaterial(leaf.privateKey(), chain, "x");
        chain.clear();

        assertThat(material.chain()).hasSize(2);
        assertThat(material.leaf()).isEqualTo(leaf.certificate());
        assertThatThrownBy(() -> new KeyMaterial(leaf.privateKey(), List.of(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exceptionMessagesAreOneLine() {
        assertThat(new KeyMaterialException("a.pem: bad\n  thing\r\nhere").getMessage()).isEqualTo("a.pem: bad thing here");
    }
}
