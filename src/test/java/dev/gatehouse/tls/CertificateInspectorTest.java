package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.tls.CertificateFinding.Severity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateInspectorTest {

    private static final String SOURCE = "certs/fullchain.pem + certs/privkey.pem";

    private static TestPki pki;

    @BeforeAll
    static void createPki() {
        pki = TestPki.createWithIntermediate();
    }

    @Test
    void validCompleteChainHasNoFindings() {
        TestPki.Leaf leaf = pki.leaf("example.org").rsa(2048).issue();

        assertThat(CertificateInspector.inspect(material(leaf, leaf.chain()), Instant.now())).isEmpty();
    }

    @Test
    void expiredLeaf() {
        Instant now = Instant.now();
        TestPki.Leaf leaf = pki.leaf("example.org").validBetween(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1))).issue();
        Instant notAfter = leaf.certificate().getNotAfter().toInstant();

        assertThat(CertificateInspector.inspect(material(leaf, leaf.chain()), now)).containsExactly(
                new CertificateFinding(Severity.ERROR, "certificate CN=example.org in " + SOURCE + " expired on " + notAfter));
    }

    @Test
    void notYetValidLeaf() {
        Instant now = Instant.now();
        TestPki.Leaf leaf = pki.leaf("example.org").validBetween(now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(30))).issue();
        Instant notBefore = leaf.certificate().getNotBefore().toInstant();

        assertThat(CertificateInspector.inspect(material(leaf, leaf.chain()), now)).containsExactly(
                new CertificateFinding(Severity.ERROR, "certificate CN=example.org in " + SOURCE
                        + " is not valid yet: its validity starts on " + notBefore));
    }

    @Test
    void sameCertificateIsExpiredOnlyAfterItsEnd() {
        TestPki.Leaf leaf = pki.leaf("example.org").validFor(Duration.ofDays(10)).issue();
        KeyMaterial material = material(leaf, leaf.chain());

        assertThat(CertificateInspector.inspect(material, Instant.now().plus(Duration.ofDays(9)))).isEmpty();
        assertThat(CertificateInspector.inspect(material, Instant.now().plus(Duration.ofDays(11))))
                .extracting(CertificateFinding::severity).containsExactly(Severity.ERROR);
    }

    @Test
    void chainOutOfOrder() {
        TestPki.Leaf leaf = pki.leaf("example.org").issue();
        X509Certificate intermediate = leaf.chain().get(1);

        List<CertificateFinding> findings = CertificateInspector.inspect(
                material(leaf, List.of(leaf.certificate(), pki.caCertificate(), intermediate)), Instant.now());

        assertThat(findings).contains(new CertificateFinding(Severity.WARN, "chain in " + SOURCE
                + " is out of order: certificate 1 (CN=example.org) is not issued by certificate 2"
                + " (CN=Gatehouse Test Root) that follows it; its issuer is certificate 3"
                + " (expected order: server certificate first, then each issuer)"));
        assertThat(findings).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    }

    @Test
    void unrelatedSecondCertificateIsReportedWithTheMissingIssuer() {
        TestPki.Leaf leaf = pki.leaf("example.org").issue();
        X509Certificate otherIntermediate = TestPki.createWithIntermediate().intermediateCertificate().orElseThrow();

        assertThat(CertificateInspector.inspect(material(leaf, List.of(leaf.certificate(), otherIntermediate)), Instant.now()))
                .containsExactly(new CertificateFinding(Severity.WARN, "chain in " + SOURCE
                        + " is out of order: certificate 1 (CN=example.org) is not issued by certificate 2"
                        + " (CN=Gatehouse Test Intermediate) that follows it; its issuer CN=Gatehouse Test Intermediate"
                        + " is not in the file (expected order: server certificate first, then each issuer)"));
    }

    @Test
    void leafWithoutIntermediateLooksIncomplete() {
        TestPki.Leaf leaf = pki.leaf("example.org").issue();

        List<CertificateFinding> findings = CertificateInspector.inspect(material(leaf, List.of(leaf.certificate())), Instant.now());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARN);
            assertThat(f.message()).startsWith("chain in " + SOURCE + " looks incomplete: certificate CN=example.org"
                    + " is issued by CN=Gatehouse Test Intermediate but no intermediate certificate follows it");
        });
    }

    @Test
    void chainEndingInAnIntermediateIsNormal() {
        // The root is not sent; the intermediate's issuer being absent must not be flagged.
        TestPki.Leaf leaf = pki.leaf("example.org").issue();
        assertThat(leaf.chain()).hasSize(2);
        assertThat(CertificateInspector.inspect(material(leaf, leaf.chain()), Instant.now())).isEmpty();
    }

    @Test
    void selfSignedAloneIsNotIncomplete() {
        // The root certificate stands in for a self-signed server certificate.
        KeyMaterial selfSigned = new KeyMaterial(pki.leaf("x").issue().privateKey(), List.of(pki.caCertificate()), SOURCE);
        assertThat(CertificateInspector.inspect(selfSigned, Instant.now())).isEmpty();
    }

    @Test
    void weakRsaKey() {
        TestPki.Leaf leaf = pki.leaf("example.org").rsa(1024).issue();

        assertThat(CertificateInspector.inspect(material(leaf, leaf.chain()), Instant.now())).containsExactly(
                new CertificateFinding(Severity.WARN, "certificate CN=example.org in " + SOURCE
                        + " has a weak 1024-bit RSA key; use at least 2048 bits"));
    }

    private static KeyMaterial material(TestPki.Leaf leaf, List<X509Certificate> chain) {
        return new KeyMaterial(leaf.privateKey(), chain, SOURCE);
    }
}
