package dev.gatehouse.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/** {@code tls.client-ca}: the CA certificates whose client certificates are accepted (mutual TLS). */
final class ClientCas {

    private ClientCas() {
    }

    static X509Certificate[] load(Path file) throws TlsSetupException {
        try {
            List<X509Certificate> cas = KeyFileReader.read(SourceFile.read(file)).certificates();
            if (cas.isEmpty()) {
                throw new TlsSetupException("tls.client-ca", file + ": no certificate found (expected PEM"
                        + " \"-----BEGIN CERTIFICATE-----\" blocks of the CAs that issue client certificates)");
            }
            return cas.toArray(new X509Certificate[0]);
        } catch (KeyMaterialException e) {
            throw new TlsSetupException("tls.client-ca", e.getMessage(), e);
        }
    }
}
