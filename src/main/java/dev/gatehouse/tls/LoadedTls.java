package dev.gatehouse.tls;

import dev.gatehouse.config.KeySource;
import dev.gatehouse.config.Secret;
import dev.gatehouse.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.time.Instant;
import java.util.List;

/**
 * A site's TLS, loaded and proven: key material read and matched, findings about the certificate
 * collected, the server context built and a self-handshake passed.
 */
public record LoadedTls(SslContext context, KeyMaterial material, SslProvider provider,
        List<CertificateFinding> findings, TlsConfig config) {

    public static LoadedTls load(TlsConfig config, List<String> alpn) throws TlsSetupException {
        KeyMaterial material = loadMaterial(config.keySource());
        SslProvider provider = TlsEngine.resolve(config.provider());
        SslContext context = SslContexts.forServer(config, material, alpn);
        // The self-check client has no certificate: with client-auth=require it proves the key and
        // policy on a twin context that does not ask for one.
        SslContext checked = config.clientAuth() == TlsConfig.ClientAuth.REQUIRE
                ? SslContexts.forServer(withoutClientAuth(config), material, alpn) : context;
        TlsSelfCheck.run(checked, config.protocols(), material.source());
        List<CertificateFinding> findings = CertificateInspector.inspect(material, Instant.now());
        return new LoadedTls(context, material, provider, findings, config);
    }

    static TlsConfig withoutClientAuth(TlsConfig c) {
        return new TlsConfig(c.keySource(), c.protocols(), c.ciphers(), c.provider(), c.handshakeTimeout(),
                TlsConfig.ClientAuth.NONE, null);
    }

    static KeyMaterial loadMaterial(KeySource source) throws TlsSetupException {
        try {
            if (source instanceof KeySource.PemFiles pem) {
                // Several pairs (ECDSA + RSA) arrive with the SNI work; the first is the one served now.
                return KeyMaterialLoader.loadPem(pem.certificates().get(0), pem.privateKeys().get(0),
                        chars(pem.keyPassword()));
            }
            KeySource.KeyStoreFile store = (KeySource.KeyStoreFile) source;
            return KeyMaterialLoader.loadKeyStore(store.file(), chars(store.storePassword()), store.alias(),
                    chars(store.keyPassword()));
        } catch (KeyMaterialException e) {
            throw new TlsSetupException(source instanceof KeySource.PemFiles ? "tls.certificate" : "tls.key-store",
                    e.getMessage(), e);
        }
    }

    private static char[] chars(Secret secret) {
        return secret == null ? null : secret.chars();
    }
}
