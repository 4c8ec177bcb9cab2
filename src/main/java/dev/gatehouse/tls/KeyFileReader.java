package dev.gatehouse.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the certificates and private keys in one file, PEM or DER, judging the format by content:
 * operators name files freely ({@code server.crt}, {@code key.txt}, {@code tls.key}), so extensions
 * mean nothing. Keys are returned still encoded (maybe encrypted); see {@link PrivateKeyDecoder}.
 */
final class KeyFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFileReader.class);

    /** What a file holds. {@code keyStore} is set when the file is a binary PKCS#12 key store. */
    record Contents(List<X509Certificate> certificates, List<EncodedKey> keys, boolean keyStore) {
    }

    private KeyFileReader() {
    }

    static Contents read(SourceFile file) throws KeyMaterialException {
        return file.isPem() ? readPem(file) : readDer(file);
    }

    private static Contents readPem(SourceFile file) throws KeyMaterialException {
        List<X509Certificate> certificates = new ArrayList<>();
        List<EncodedKey> keys = new ArrayList<>();
        // A SEC1 key may rely on a preceding "EC PARAMETERS" block for its curve (openssl ecparam -genkey).
        ASN1ObjectIdentifier lastCurve = null;
        try (PemReader reader = new PemReader(new InputStreamReader(
                new ByteArrayInputStream(file.content()), StandardCharsets.US_ASCII))) {
            PemObject block;
            while ((block = reader.readPemObject()) != null) {
                String type = block.getType();
                switch (type) {
                    case "CERTIFICATE", "X509 CERTIFICATE" ->
                            certificates.add(certificate(block.getContent(), file, certificates.size() + 1));
                    case "TRUSTED CERTIFICATE" -> certificates.add(certificate(
                            new X509TrustedCertificateBlock(block.getContent()).getCertificateHolder().getEncoded(),
                            file, certificates.size() + 1));
                    case "PRIVATE KEY" -> keys.add(new EncodedKey.Plain(PrivateKeyInfo.getInstance(block.getContent())));
                    case "ENCRYPTED PRIVATE KEY" ->
                            keys.add(new EncodedKey.EncryptedPkcs8(new PKCS8EncryptedPrivateKeyInfo(block.getContent())));
                    case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" ->
                            keys.add(traditionalKey(block, lastCurve, file));
                    case "EC PARAMETERS" -> {
                        ASN1Primitive parameters = ASN1Primitive.fromByteArray(block.getContent());
                        lastCurve = parameters instanceof ASN1ObjectIdentifier oid ? oid : null;
                    }
                    default -> LOG.debug("{}: ignoring PEM block \"{}\"", file, type);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Broken base64, truncated blocks, garbage inside a block.
            throw KeyMaterialException.of(file.path(), "malformed PEM data (" + KeyMaterialException.detail(e) + ")", e);
        }
        return new Contents(certificates, keys, false);
    }

    private static EncodedKey traditionalKey(PemObject block, ASN1ObjectIdentifier curve, SourceFile file)
            throws IOException, KeyMaterialException {
        boolean encrypted = false;
        for (Object header : block.getHeaders()) {
            PemHeader h = (PemHeader) header;
            encrypted |= h.getName().equalsIgnoreCase("Proc-Type") && h.getValue().contains("ENCRYPTED");
        }
        if (!encrypted) {
            EncodedKey key = derKey(ASN1Primitive.fromByteArray(block.getContent()), curve);
            if (key == null) {
                throw KeyMaterialException.of(file.path(), "the \"" + block.getType() + "\" block is not a valid key");
            }
            return key;
        }
        // PEMParser knows every DEK-Info cipher OpenSSL writes; hand it just this block.
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(block);
        }
        try (PEMParser parser = new PEMParser(new StringReader(text.toString()))) {
            Object parsed = parser.readObject();
            if (parsed instanceof PEMEncryptedKeyPair keyPair) {
                return new EncodedKey.LegacyEncrypted(keyPair);
            }
            throw KeyMaterialException.of(file.path(), "the encrypted \"" + block.getType() + "\" block cannot be read");
        }
    }

    private static Contents readDer(SourceFile file) throws KeyMaterialException {
        ASN1Primitive der;
        try {
            der = ASN1Primitive.fromByteArray(file.content());
        } catch (IOException | RuntimeException e) {
            return new Contents(List.of(), List.of(), false);
        }
        if (!(der instanceof ASN1Sequence sequence)) {
            return new Contents(List.of(), List.of(), false);
        }
        if (isCertificate(sequence)) {
            return new Contents(List.of(certificate(file.content(), file, 1)), List.of(), false);
        }
        if (isPkcs12(sequence)) {
            return new Contents(List.of(), List.of(), true);
        }
        EncodedKey key = derKey(sequence, null);
        return new Contents(List.of(), key == null ? List.of() : List.of(key), false);
    }

    /**
     * Recognises the DER key structures by shape: PKCS#8, encrypted PKCS#8, PKCS#1 RSA, SEC1 EC.
     * PKCS#1 and SEC1 are wrapped into PKCS#8 so that the rest of the code sees one form.
     */
    static EncodedKey derKey(ASN1Primitive der, ASN1ObjectIdentifier fallbackCurve) {
        if (!(der instanceof ASN1Sequence seq) || seq.size() < 2) {
            return null;
        }
        ASN1Encodable first = seq.getObjectAt(0);
        ASN1Encodable second = seq.getObjectAt(1);
        try {
            if (seq.size() == 2 && first instanceof ASN1Sequence && second instanceof ASN1OctetString) {
                return new EncodedKey.EncryptedPkcs8(
                        new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(seq)));
            }
            if (!(first instanceof ASN1Integer version)) {
                return null;
            }
            if (seq.size() >= 3 && second instanceof ASN1Sequence && seq.getObjectAt(2) instanceof ASN1OctetString) {
                return new EncodedKey.Plain(PrivateKeyInfo.getInstance(seq));
            }
            if (seq.size() >= 9 && version.hasValue(0) && second instanceof ASN1Integer) {
                return new EncodedKey.Plain(new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPrivateKey.getInstance(seq)));
            }
            if (version.hasValue(1) && second instanceof ASN1OctetString) {
                ECPrivateKey ec = ECPrivateKey.getInstance(seq);
                ASN1Encodable curve = ec.getParametersObject() != null ? ec.getParametersObject() : fallbackCurve;
                return new EncodedKey.Plain(new PrivateKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), ec));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("DER structure looks like a key but does not parse", e);
        }
        return null;
    }

    private static boolean isCertificate(ASN1Sequence seq) {
        return seq.size() == 3 && seq.getObjectAt(0) instanceof ASN1Sequence
                && seq.getObjectAt(1) instanceof ASN1Sequence && seq.getObjectAt(2) instanceof ASN1BitString;
    }

    /** PFX: version 3, then the authenticated-safe ContentInfo. */
    private static boolean isPkcs12(ASN1Sequence seq) {
        return seq.size() >= 2 && seq.getObjectAt(0) instanceof ASN1Integer version && version.hasValue(3)
                && seq.getObjectAt(1) instanceof ASN1Sequence;
    }

    private static X509Certificate certificate(byte[] der, SourceFile file, int position) throws KeyMaterialException {
        try {
            // The JDK's own factory, so the objects are the ones SunJSSE and Netty expect.
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw KeyMaterialException.of(file.path(), "certificate " + position
                    + " is not a valid X.509 certificate (" + KeyMaterialException.detail(e) + ")", e);
        }
    }
}
