package dev.gatehouse.tls;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a site with {@code tls.client-auth=none}: it trusts no certificate and names
 * no acceptable issuer. Such a server never asks for a client certificate, so it is never consulted;
 * it exists because without one both engines fall back to the JDK's default trust store, loading and
 * parsing the 140-odd certificates of {@code cacerts} at every context build (and BoringSSL copies
 * them into the context as its list of acceptable client CAs): about 70 ms of start-up per site on
 * one core, and memory, for nothing. Failing closed keeps it harmless should it ever be consulted.
 */
final class NoClientCertificates extends SimpleTrustManagerFactory {

    static final TrustManagerFactory FACTORY = new NoClientCertificates();

    private static final TrustManager REFUSE_ALL = new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw refused();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw refused();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw refused();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw refused();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw refused();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw refused();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        private CertificateException refused() {
            return new CertificateException("no certificate is trusted: tls.client-auth is none");
        }
    };

    private NoClientCertificates() {
    }

    @Override
    protected void engineInit(KeyStore keyStore) {
    }

    @Override
    protected void engineInit(ManagerFactoryParameters managerFactoryParameters) {
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {REFUSE_ALL};
    }
}
