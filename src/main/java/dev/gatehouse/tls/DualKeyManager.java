package dev.gatehouse.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * An in-memory key store with one entry per key type, behind the JDK's key manager: it chooses the
 * ECDSA entry when the handshake allows ECDSA (TLS 1.3 signature algorithms, TLS 1.2 ECDHE_ECDSA
 * suites, which come first in our cipher order) and the RSA entry otherwise.
 */
final class DualKeyManager {

    private static final char[] PASSWORD = "in-memory".toCharArray();

    private DualKeyManager() {
    }

    static KeyManagerFactory factory(List<KeyMaterial> materials) throws TlsSetupException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (KeyMaterial m : materials) {
                store.setKeyEntry(m.privateKey().getAlgorithm().toLowerCase(java.util.Locale.ROOT), m.privateKey(),
                        PASSWORD, m.chain().toArray(new X509Certificate[0]));
            }
            // NewSunX509 chooses among entries by key type and checks validity; SunX509 does not.
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("NewSunX509");
            kmf.init(store, PASSWORD);
            return kmf;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("tls.certificate", materials.get(0).source()
                    + ": cannot combine the ECDSA and RSA certificates: " + SslContexts.rootMessage(e), e);
        }
    }
}
