package dev.gatehouse.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Loads a server's private key and certificate chain from PEM/DER files or from a key store.
 *
 * <p>Formats are recognised from file content. The chain is kept in file order (problems with the
 * order are reported by {@link CertificateInspector}, not silently fixed), but the private key must
 * belong to the first certificate: that is checked here, because a mismatch would otherwise only
 * surface as failed handshakes.
 */
public final class KeyMaterialLoader {

    private static final String PEM_CERTIFICATE_HINT = "expected PEM \"-----BEGIN CERTIFICATE-----\" blocks";

    private KeyMaterialLoader() {
    }

    /**
     * @param certificateFile PEM chain (leaf first) or a single DER certificate
     * @param keyFile the private key (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8, OpenSSL legacy
     *     encrypted PEM, or DER PKCS#8); {@code null} or the same path as {@code certificateFile}
     *     when one file holds both key and certificates
     * @param keyPassword password of an encrypted key; {@code null} when the key is not encrypted
     */
    public static KeyMaterial loadPem(Path certificateFile, Path keyFile, char[] keyPassword)
            throws KeyMaterialException {
        Objects.requireNonNull(certificateFile, "certificateFile");
        boolean combined = keyFile == null || sameFile(certificateFile, keyFile);
        Path keyPath = combined ? certificateFile : keyFile;

        KeyFileReader.Contents certificateContents = KeyFileReader.read(SourceFile.read(certificateFile));
        KeyFileReader.Contents keyContents = combined
                ? certificateContents : KeyFileReader.read(SourceFile.read(keyPath));

        List<X509Certificate> chain = certificateContents.certificates();
        if (chain.isEmpty()) {
            throw noCertificate(certificateFile, certificateContents, combined);
        }
        if (keyContents.keys().isEmpty()) {
            throw noKey(keyPath, keyContents, combined);
        }
        if (keyContents.keys().size() > 1) {
            throw KeyMaterialException.of(keyPath, "holds " + keyContents.keys().size()
                    + " private keys; expected exactly one");
        }
        PrivateKey key = PrivateKeyDecoder.decode(keyContents.keys().get(0), keyPassword, keyPath);
        if (!KeyPairCheck.matches(key, chain.get(0).getPublicKey())) {
            throw new KeyMaterialException(KeyPairCheck.mismatchMessage(
                    key, chain, keyPath.toString(), combined ? "the same file" : certificateFile.toString()));
        }
        String source = combined ? certificateFile.toString() : certificateFile + " + " + keyPath;
        return new KeyMaterial(key, chain, source);
    }

    /**
     * @param storeFile PKCS#12 or JKS (JCEKS also works), recognised from content
     * @param storePassword the key store password; {@code null} is treated as empty
     * @param alias the key entry to use; {@code null} for the only (or first) key entry
     * @param keyPassword the key entry's password; {@code null} when it is the store password
     */
    public static KeyMaterial loadKeyStore(Path storeFile, char[] storePassword, String alias, char[] keyPassword)
            throws KeyMaterialException {
        Objects.requireNonNull(storeFile, "storeFile");
        return KeyStoreReader.load(storeFile, storePassword, alias, keyPassword);
    }

    private static KeyMaterialException noCertificate(Path file, KeyFileReader.Contents contents, boolean combined) {
        if (contents.keyStore()) {
            return KeyMaterialException.of(file, "no certificate found: this is a PKCS#12 key store, "
                    + "configure it as a key store instead");
        }
        String hint = PEM_CERTIFICATE_HINT;
        if (!contents.keys().isEmpty() && !combined) {
            hint += "; it holds a private key - are the certificate and key files swapped?";
        }
        return KeyMaterialException.of(file, "no certificate found (" + hint + ")");
    }

    private static KeyMaterialException noKey(Path file, KeyFileReader.Contents contents, boolean combined) {
        if (contents.keyStore()) {
            return KeyMaterialException.of(file, "no private key found: this is a PKCS#12 key store, "
                    + "configure it as a key store instead");
        }
        int certificates = contents.certificates().size();
        String hint = certificates > 0 && !combined
                ? " (it holds " + certificates + " certificate(s) - is it the certificate file?)"
                : " (expected PEM \"-----BEGIN PRIVATE KEY-----\" or similar, or a DER PKCS#8 key)";
        return KeyMaterialException.of(file, "no private key found" + hint);
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // one of them is missing; reading it will report that properly
        }
    }
}
