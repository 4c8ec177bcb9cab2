package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.TestPki;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** The trust manager of a site without client authentication names no issuer and trusts nothing. */
class NoClientCertificatesTest {

    private static final TestPki PKI = TestPki.create();

    @Test
    void trustsNoChainAndNamesNoIssuer() {
        TestPki.Leaf client = PKI.leaf("client.test").forClient().issue();
        X509Certificate[] chain = client.chain().toArray(new X509Certificate[0]);
        X509TrustManager manager = (X509TrustManager) NoClientCertificates.FACTORY.getTrustManagers()[0];

        assertThat(manager).isInstanceOf(X509ExtendedTrustManager.class);
        assertThat(manager.getAcceptedIssuers()).isEmpty();
        assertThatThrownBy(() -> manager.checkClientTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("tls.client-auth is none");
        assertThatThrownBy(() -> ((X509ExtendedTrustManager) manager).checkClientTrusted(chain, "ECDHE_ECDSA",
                (javax.net.ssl.SSLEngine) null)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }
}
