package dev.gatehouse.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** A private key as found in a file, before decryption and conversion to a JDK key. */
sealed interface EncodedKey {

    /** Unencrypted; PKCS#1 and SEC1 keys are already wrapped as PKCS#8 here. */
    record Plain(PrivateKeyInfo info) implements EncodedKey {
    }

    /** {@code BEGIN ENCRYPTED PRIVATE KEY}: PBES2 (AES...) or legacy PKCS#12 PBE. */
    record EncryptedPkcs8(PKCS8EncryptedPrivateKeyInfo info) implements EncodedKey {
    }

    /** OpenSSL's traditional format with {@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info} headers. */
    record LegacyEncrypted(PEMEncryptedKeyPair keyPair) implements EncodedKey {
    }
}
