package dev.gatehouse.server;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/** The subject of the client certificate of a mutual-TLS connection, for the access log's user field. */
final class ClientIdentity {

    private ClientIdentity() {
    }

    /**
     * RFC 2253 subject, or null when the client sent no certificate. Called once per connection, after
     * the handshake ({@link TlsSessionRecorder}): asking the session per request cost an exception per
     * request on ordinary connections (about 10 % of a busy core).
     */
    static String subject(SslHandler ssl) {
        if (ssl == null || !ssl.engine().getNeedClientAuth() && !ssl.engine().getWantClientAuth()) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                return x509.getSubjectX500Principal().getName(X500Principal.RFC2253);
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: an anonymous request.
        }
        return null;
    }
}
