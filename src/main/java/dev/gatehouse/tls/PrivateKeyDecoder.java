package dev.gatehouse.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;

/** Decrypts an {@link EncodedKey} if needed and turns it into a JDK {@link PrivateKey}. */
final class PrivateKeyDecoder {

    /**
     * Used as an instance, never registered: registering a provider globally would change which
     * implementation the rest of the process (and SunJSSE) picks for every algorithm. Created only
     * when an encrypted key needs it: building the provider loads some thousand classes, a quarter
     * of a second of every start-up with a plain key.
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    static final String PASSWORD_SETTING = "tls.key-password";

    private PrivateKeyDecoder() {
    }

    static PrivateKey decode(EncodedKey key, char[] password, Path file) throws KeyMaterialException {
        PrivateKeyInfo info;
        if (key instanceof EncodedKey.Plain plain) {
            info = plain.info();
        } else if (key instanceof EncodedKey.EncryptedPkcs8 encrypted) {
            requirePassword(password, file);
            info = decryptPkcs8(encrypted, password, file);
        } else {
            requirePassword(password, file);
            info = decryptLegacy((EncodedKey.LegacyEncrypted) key, password, file);
        }
        return KeyTypes.toJdkKey(info, file);
    }

    private static PrivateKeyInfo decryptPkcs8(EncodedKey.EncryptedPkcs8 key, char[] password, Path file)
            throws KeyMaterialException {
        InputDecryptorProvider decryptor;
        try {
            decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password);
        } catch (OperatorCreationException e) {
            throw KeyMaterialException.of(file, "cannot decrypt the private key (" + KeyMaterialException.detail(e) + ")", e);
        }
        try {
            return key.info().decryptPrivateKeyInfo(decryptor);
        } catch (Exception e) {
            throw decryptionFailure(file, key.info().getEncryptionAlgorithm().getAlgorithm().getId(), e);
        }
    }

    private static PrivateKeyInfo decryptLegacy(EncodedKey.LegacyEncrypted key, char[] password, Path file)
            throws KeyMaterialException {
        try {
            return key.keyPair().decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password))
                    .getPrivateKeyInfo();
        } catch (Exception e) {
            throw decryptionFailure(file, key.keyPair().getDekAlgName(), e);
        }
    }

    private static void requirePassword(char[] password, Path file) throws KeyMaterialException {
        if (password == null) {
            throw KeyMaterialException.of(file, "the private key is encrypted and no password is set (" + PASSWORD_SETTING + ")");
        }
    }

    /**
     * A wrong password rarely says so: it shows up as bad padding or as garbage that fails to parse.
     * Only a missing cipher implementation is something else, and that is reported as such.
     */
    private static KeyMaterialException decryptionFailure(Path file, String algorithm, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.NoSuchAlgorithmException) {
                return KeyMaterialException.of(file, "the private key is encrypted with an unsupported algorithm "
                        + algorithm + " (" + KeyMaterialException.detail(t) + ")", e);
            }
        }
        return KeyMaterialException.of(file, "wrong password for the encrypted private key (" + PASSWORD_SETTING + ")", e);
    }
}
