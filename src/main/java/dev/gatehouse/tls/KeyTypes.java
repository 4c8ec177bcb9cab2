package dev.gatehouse.tls;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Which keys Gatehouse serves with, how they are described, and conversion to JDK key objects.
 *
 * <p>Keys are always rebuilt by the JDK's own {@link KeyFactory} from their PKCS#8 encoding: Bouncy
 * Castle's key classes are not accepted by every TLS engine (Netty's OpenSSL path re-encodes keys and
 * the JDK's SunJSSE checks key classes), whereas JDK keys work everywhere.
 */
final class KeyTypes {

    static final String SUPPORTED = "RSA, EC P-256, EC P-384";

    private static final Map<ASN1ObjectIdentifier, String> SUPPORTED_CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384");

    private static final Map<ASN1ObjectIdentifier, String> OTHER_ALGORITHMS = Map.of(
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            EdECObjectIdentifiers.id_X25519, "X25519",
            EdECObjectIdentifiers.id_X448, "X448",
            X9ObjectIdentifiers.id_dsa, "DSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            PKCSObjectIdentifiers.dhKeyAgreement, "DH");

    private KeyTypes() {
    }

    /** Converts a decoded (unencrypted) key to a JDK key, rejecting types we do not serve with. */
    static PrivateKey toJdkKey(PrivateKeyInfo info, Object where) throws KeyMaterialException {
        String algorithm = jdkAlgorithm(info.getPrivateKeyAlgorithm(), where);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw new KeyMaterialException(where + ": the " + algorithm + " private key is malformed ("
                    + KeyMaterialException.detail(e) + ")", e);
        }
    }

    /** For keys that came from a key store already as JDK objects: same support rules as PEM keys. */
    static void requireSupported(PrivateKey key, Object where) throws KeyMaterialException {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            // Not extractable (hardware token): we can only trust the algorithm name.
            if (!key.getAlgorithm().equals("RSA") && !key.getAlgorithm().equals("EC")) {
                throw unsupported(where, key.getAlgorithm());
            }
            return;
        }
        jdkAlgorithm(PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm(), where);
    }

    /** {@code RSA 2048}, {@code EC P-256}; falls back to the algorithm name for anything else. */
    static String describe(Key key) {
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        byte[] encoded = key.getEncoded();
        if ("EC".equals(key.getAlgorithm()) && encoded != null) {
            try {
                AlgorithmIdentifier algorithm = key instanceof PrivateKey
                        ? PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm()
                        : SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm();
                return "EC " + curveName(algorithm.getParameters());
            } catch (RuntimeException e) {
                return "EC";
            }
        }
        return key.getAlgorithm();
    }

    private static String jdkAlgorithm(AlgorithmIdentifier algorithm, Object where) throws KeyMaterialException {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable parameters = algorithm.getParameters();
            if (parameters instanceof ASN1ObjectIdentifier curve && SUPPORTED_CURVES.containsKey(curve)) {
                return "EC";
            }
            throw unsupported(where, "EC " + curveName(parameters));
        }
        throw unsupported(where, OTHER_ALGORITHMS.getOrDefault(oid, "with algorithm OID " + oid.getId()));
    }

    private static String curveName(ASN1Encodable parameters) {
        if (parameters instanceof ASN1ObjectIdentifier curve) {
            String name = SUPPORTED_CURVES.get(curve);
            if (name == null) {
                name = NISTNamedCurves.getName(curve);
            }
            if (name == null) {
                name = org.bouncycastle.asn1.x9.ECNamedCurveTable.getName(curve);
            }
            return name != null ? name : curve.getId();
        }
        return parameters == null ? "(no curve given)" : "(explicit curve parameters)";
    }

    private static KeyMaterialException unsupported(Object where, String type) {
        return new KeyMaterialException(where + ": unsupported key type " + type + " (supported: " + SUPPORTED + ")");
    }
}
