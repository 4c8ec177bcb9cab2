package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gatehouse.testing.TestPki;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The start-up handshake: it passes for a usable context on either engine (each checked by a client
 * on the same engine) and stops start-up with the protocol and a hint when no handshake is possible.
 */
class TlsSelfCheckTest {

    private static final TestPki PKI = TestPki.create();
    private static final List<String> BOTH = List.of("TLSv1.3", "TLSv1.2");

    enum Engine {
        OPENSSL(SslProvider.OPENSSL_REFCNT), JDK(SslProvider.JDK);

        final SslProvider provider;

        Engine(SslProvider provider) {
            this.provider = provider;
        }
    }

    private static SslContext server(Engine engine, TestPki.Leaf leaf, java.security.PrivateKey key, List<String> ciphers)
            throws Exception {
        if (engine == Engine.OPENSSL) {
            assumeThat(OpenSsl.isAvailable()).as("BoringSSL loads here").isTrue();
        }
        SslContextBuilder builder = SslContextBuilder.forServer(key, leaf.chain())
                .sslProvider(engine.provider)
                .protocols(BOTH);
        if (ciphers != null) {
            builder.ciphers(ciphers);
        }
        return builder.build();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void passesForEcdsaAndRsaOnBothProtocols(Engine engine) throws Exception {
        for (TestPki.Leaf leaf : List.of(PKI.leaf("ec.test").ecP256().issue(), PKI.leaf("rsa.test").rsa(2048).issue())) {
            SslContext context = server(engine, leaf, leaf.privateKey(), null);
            try {
                assertThatCode(() -> TlsSelfCheck.run(context, BOTH, "certs/site.pem")).doesNotThrowAnyException();
            } finally {
                ReferenceCountUtil.release(context);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void failsWhenTls12HasNoSuiteForTheKeyType(Engine engine) throws Exception {
        TestPki.Leaf ec = PKI.leaf("ec.test").ecP256().issue();
        // TLS 1.3 suites are key-type neutral; the only TLS 1.2 suite needs an RSA certificate.
        SslContext context = server(engine, ec, ec.privateKey(),
                List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        try {
            // (BoringSSL already refuses the TLS 1.3 handshake: it picks the key by the TLS 1.2 suites.)
            assertThatThrownBy(() -> TlsSelfCheck.run(context, List.of("TLSv1.2"), "certs/site.pem"))
                    .isInstanceOf(TlsSetupException.class)
                    .hasMessageContaining("certs/site.pem: a test handshake with TLSv1.2 failed")
                    .hasMessageContaining("check that tls.ciphers has suites for this key type");
        } finally {
            ReferenceCountUtil.release(context);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void failsWhenTheKeyDoesNotSignForTheCertificate(Engine engine) throws Exception {
        TestPki.Leaf leaf = PKI.leaf("ec.test").ecP256().issue();
        TestPki.Leaf other = PKI.leaf("other.test").ecP256().issue();
        SslContext context;
        try {
            context = server(engine, leaf, other.privateKey(), null);
        } catch (javax.net.ssl.SSLException refusedAlready) {
            // An engine that refuses the pair while building the context stops start-up there instead.
            assertThat(engine).isEqualTo(Engine.OPENSSL);
            return;
        }
        try {
            assertThatThrownBy(() -> TlsSelfCheck.run(context, BOTH, "certs/site.pem"))
                    .isInstanceOf(TlsSetupException.class)
                    .hasMessageContaining("certs/site.pem: a test handshake with TLSv1.3 failed");
        } finally {
            ReferenceCountUtil.release(context);
        }
    }

    @org.junit.jupiter.api.Test
    void chainOrderIsCheckedAsThePkcs12KeyStoreDid() {
        TestPki withIntermediate = TestPki.createWithIntermediate();
        TestPki.Leaf leaf = withIntermediate.leaf("example.org").issue();
        java.security.cert.X509Certificate intermediate = leaf.chain().get(1);
        java.security.cert.X509Certificate root = withIntermediate.caCertificate();

        assertThat(SslContexts.chainInOrder(List.of(leaf.certificate()))).isTrue();
        assertThat(SslContexts.chainInOrder(List.of(leaf.certificate(), intermediate))).isTrue();
        assertThat(SslContexts.chainInOrder(List.of(leaf.certificate(), intermediate, root))).isTrue();
        assertThat(SslContexts.chainInOrder(List.of(leaf.certificate(), root, intermediate))).isFalse();
        assertThat(SslContexts.chainInOrder(List.of(intermediate, leaf.certificate()))).isFalse();
        assertThat(SslContexts.chainInOrder(List.of(root, root))).isFalse();
    }
}
