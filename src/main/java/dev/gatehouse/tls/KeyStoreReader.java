package dev.gatehouse.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a key entry from a PKCS#12, JKS or JCEKS key store, telling apart the mistakes operators
 * make: wrong store password, wrong key password, unknown alias, a trust store instead of a key store.
 */
final class KeyStoreReader {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreReader.class);

    static final String STORE_PASSWORD_SETTING = "tls.key-store-password";

    private KeyStoreReader() {
    }

    static KeyMaterial load(Path storeFile, char[] storePassword, String alias, char[] keyPassword)
            throws KeyMaterialException {
        SourceFile file = SourceFile.read(storeFile);
        String type = detectType(file);
        KeyStore store = open(file, type, storePassword);
        String entry = chooseAlias(store, storeFile, alias);
        char[] entryPassword = keyPassword != null ? keyPassword : passwordOrEmpty(storePassword);
        PrivateKey key = privateKey(store, storeFile, entry, keyPassword != null, entryPassword);
        String where = storeFile + " (alias " + entry + ")";
        KeyTypes.requireSupported(key, where);
        List<X509Certificate> chain = chain(store, storeFile, entry);
        if (!KeyPairCheck.matches(key, chain.get(0).getPublicKey())) {
            throw new KeyMaterialException(KeyPairCheck.mismatchMessage(key, chain, where, "the same entry"));
        }
        return new KeyMaterial(key, chain, where);
    }

    /** By magic number, not file name: {@code .jks}, {@code .p12}, {@code .pfx}, {@code .keystore} all occur. */
    private static String detectType(SourceFile file) throws KeyMaterialException {
        byte[] b = file.content();
        if (b.length >= 4) {
            int magic = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (magic == 0xFEEDFEED) {
                return "JKS";
            }
            if (magic == 0xCECECECE) {
                return "JCEKS";
            }
        }
        if (file.isPem()) {
            throw KeyMaterialException.of(file.path(), "is a PEM file, not a PKCS#12 or JKS key store"
                    + " (configure it as certificate/private key files instead)");
        }
        return "PKCS12";
    }

    private static KeyStore open(SourceFile file, String type, char[] password) throws KeyMaterialException {
        try {
            KeyStore store = KeyStore.getInstance(type);
            store.load(new ByteArrayInputStream(file.content()), passwordOrEmpty(password));
            return store;
        } catch (IOException e) {
            // Both the JDK's PKCS#12 and JKS implementations signal a bad password this way.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw KeyMaterialException.of(file.path(), password == null || password.length == 0
                        ? "the key store is password protected and no password is set (" + STORE_PASSWORD_SETTING + ")"
                        : "wrong key store password (" + STORE_PASSWORD_SETTING + ")", e);
            }
            throw KeyMaterialException.of(file.path(), "not a valid " + displayType(type) + " key store ("
                    + KeyMaterialException.detail(e) + ")", e);
        } catch (GeneralSecurityException e) {
            throw KeyMaterialException.of(file.path(), "cannot read the " + displayType(type) + " key store ("
                    + KeyMaterialException.detail(e) + ")", e);
        }
    }

    private static String chooseAlias(KeyStore store, Path file, String alias) throws KeyMaterialException {
        try {
            List<String> aliases = Collections.list(store.aliases());
            List<String> keyAliases = new ArrayList<>();
            for (String a : aliases) {
                if (store.isKeyEntry(a)) {
                    keyAliases.add(a);
                }
            }
            if (alias != null) {
                if (!store.containsAlias(alias)) {
                    throw KeyMaterialException.of(file, "no entry with alias '" + alias + "' ("
                            + (aliases.isEmpty() ? "the key store is empty" : "aliases present: " + String.join(", ", aliases))
                            + ")");
                }
                if (!store.isKeyEntry(alias)) {
                    throw KeyMaterialException.of(file, "alias '" + alias + "' is a trusted certificate entry, not a private key entry ("
                            + (keyAliases.isEmpty() ? "the store has no key entries" : "key entries: " + String.join(", ", keyAliases))
                            + ")");
                }
                return alias;
            }
            if (keyAliases.isEmpty()) {
                throw KeyMaterialException.of(file, "the key store holds no private key entry ("
                        + (aliases.isEmpty() ? "it is empty" : "aliases present: " + String.join(", ", aliases)
                                + "; is this a trust store?")
                        + ")");
            }
            if (keyAliases.size() > 1) {
                LOG.warn("{}: holds {} key entries ({}); using '{}'. Set the key alias to choose another.",
                        file, keyAliases.size(), String.join(", ", keyAliases), keyAliases.get(0));
            }
            return keyAliases.get(0);
        } catch (java.security.KeyStoreException e) {
            throw KeyMaterialException.of(file, "cannot list the key store entries (" + KeyMaterialException.detail(e) + ")", e);
        }
    }

    private static PrivateKey privateKey(KeyStore store, Path file, String alias, boolean keyPasswordSet,
            char[] password) throws KeyMaterialException {
        Key key;
        try {
            key = store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw KeyMaterialException.of(file, keyPasswordSet
                    ? "wrong password for the key of alias '" + alias + "' (" + PrivateKeyDecoder.PASSWORD_SETTING + ")"
                    : "the key of alias '" + alias + "' has a different password than the key store; set "
                            + PrivateKeyDecoder.PASSWORD_SETTING, e);
        } catch (GeneralSecurityException e) {
            throw KeyMaterialException.of(file, "cannot read the key of alias '" + alias + "' ("
                    + KeyMaterialException.detail(e) + ")", e);
        }
        if (!(key instanceof PrivateKey privateKey)) {
            throw KeyMaterialException.of(file, "alias '" + alias + "' holds a secret key, not a private key");
        }
        return privateKey;
    }

    private static List<X509Certificate> chain(KeyStore store, Path file, String alias) throws KeyMaterialException {
        Certificate[] certificates;
        try {
            certificates = store.getCertificateChain(alias);
        } catch (java.security.KeyStoreException e) {
            throw KeyMaterialException.of(file, "cannot read the certificate chain of alias '" + alias + "'", e);
        }
        if (certificates == null || certificates.length == 0) {
            throw KeyMaterialException.of(file, "the key of alias '" + alias + "' has no certificate chain");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : certificates) {
            if (!(certificate instanceof X509Certificate x509)) {
                throw KeyMaterialException.of(file, "alias '" + alias + "' holds a non-X.509 certificate (" + certificate.getType() + ")");
            }
            chain.add(x509);
        }
        return chain;
    }

    private static char[] passwordOrEmpty(char[] password) {
        return password == null ? new char[0] : password;
    }

    private static String displayType(String type) {
        return type.equals("PKCS12") ? "PKCS#12" : type;
    }
}
