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
 *
 * @param material the primary key material (the first configured); {@code materials} holds all of
 *     them when a site has both an ECDSA and an RSA certificate
 * @param provider the engine actually used (a dual-certificate site may run on the JDK engine)
 */
public record LoadedTls(SslContext context, KeyMaterial material, SslProvider provider,
        List<CertificateFinding> findings, TlsConfig config, List<KeyMaterial> materials) {

    public static LoadedTls load(TlsConfig config, List<String> alpn) throws TlsSetupException {
        List<KeyMaterial> materials = loadMaterials(config.keySource());
        SslProvider provider = SslContexts.providerFor(config, materials);
        SslContext context = SslContexts.forServer(config, materials, alpn);
        // The self-check client has no certificate: with client-auth=require it proves the key and
        // policy on a twin context that does not ask for one.
        SslContext checked = config.clientAuth() == TlsConfig.ClientAuth.REQUIRE
                ? SslContexts.forServer(withoutClientAuth(config), materials, alpn) : context;
        TlsSelfCheck.run(checked, config.protocols(), materials.get(0).source());
        List<CertificateFinding> findings = new java.util.ArrayList<>();
        for (KeyMaterial m : materials) {
            findings.addAll(CertificateInspector.inspect(m, Instant.now()));
        }
        return new LoadedTls(context, materials.get(0), provider, List.copyOf(findings), config, materials);
    }

    /** One pair, or an ECDSA and an RSA pair (in either order) for the same site. */
    static List<KeyMaterial> loadMaterials(KeySource source) throws TlsSetupException {
        List<KeyMaterial> all = new java.util.ArrayList<>();
        try {
            if (source instanceof KeySource.PemFiles pem) {
                for (int i = 0; i < pem.certificates().size(); i++) {
                    all.add(KeyMaterialLoader.loadPem(pem.certificates().get(i), pem.privateKeys().get(i),
                            chars(pem.keyPassword())));
                }
            } else {
                KeySource.KeyStoreFile store = (KeySource.KeyStoreFile) source;
                List<String> aliases = store.alias() == null ? java.util.Collections.singletonList(null)
                        : List.of(store.alias().split("\\s*,\\s*"));
                for (String alias : aliases) {
                    all.add(KeyMaterialLoader.loadKeyStore(store.file(), chars(store.storePassword()), alias,
                            chars(store.keyPassword())));
                }
            }
        } catch (KeyMaterialException e) {
            throw new TlsSetupException(source instanceof KeySource.PemFiles ? "tls.certificate" : "tls.key-store",
                    e.getMessage(), e);
        }
        if (all.size() > 2 || (all.size() == 2
                && all.get(0).privateKey().getAlgorithm().equals(all.get(1).privateKey().getAlgorithm()))) {
            throw new TlsSetupException(source instanceof KeySource.PemFiles ? "tls.certificate" : "tls.key-alias",
                    source.describe() + ": " + all.size() + " certificates of types "
                    + all.stream().map(KeyMaterial::keyType).toList()
                    + " (expected: one certificate, or one ECDSA and one RSA certificate for the same names)");
        }
        return List.copyOf(all);
    }

    static TlsConfig withoutClientAuth(TlsConfig c) {
        return new TlsConfig(c.keySource(), c.protocols(), c.ciphers(), c.provider(), c.handshakeTimeout(),
                TlsConfig.ClientAuth.NONE, null, c.sessionCacheSize(), c.sessionTimeout(), c.sessionTicketKeys());
    }


    private static char[] chars(Secret secret) {
        return secret == null ? null : secret.chars();
    }
}
