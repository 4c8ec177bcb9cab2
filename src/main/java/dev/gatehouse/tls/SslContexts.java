package dev.gatehouse.tls;

import dev.gatehouse.config.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext} of a site from its loaded key material and TLS policy. TLS 1.2
 * and 1.3 only, AEAD suites only; no renegotiation (BoringSSL never does it server-side, and the JDK is
 * told so by {@link #hardenJdk()}), no compression (neither engine implements it).
 */
public final class SslContexts {

    /** Key-exchange groups in preference order; the engines ignore the ones they lack. */
    static final String[] GROUPS = {"X25519MLKEM768", "X25519", "P-256", "P-384"};

    /**
     * Bytes of the buffer each BoringSSL connection keeps for TLS records produced while it is
     * reading; netty-tcnative allocates it with the connection and keeps it for the connection's
     * life. Netty's default is 2 KiB, about a quarter of the native memory an idle connection held
     * (issue 9, W6). It must still hold what BoringSSL writes after the handshake in one go, the
     * TLS 1.3 session tickets (two, 474 bytes in all here, a little more with a longer SNI name):
     * what does not fit waits inside BoringSSL until the connection next writes, so a client that
     * stays idle would not get its tickets. 256 bytes showed exactly that; 1 KiB does not. (With
     * client certificates the tickets carry the client's chain and may not fit either way, as with
     * Netty's default: they then arrive with the first response.) The handshake's own flight is
     * not limited by it: the TLS handler writes it out in as many passes as it needs.
     */
    static final int BIO_NON_APPLICATION_BUFFER = 1024;

    private SslContexts() {
    }

    /** The key-exchange groups in force, for the start-up log line. */
    public static String groups(io.netty.handler.ssl.SslProvider provider) {
        return provider == io.netty.handler.ssl.SslProvider.JDK
                ? System.getProperty("jdk.tls.namedGroups", "JDK defaults")
                : String.join(",", GROUPS);
    }

    /** Must run before the first JDK SSLEngine is created. */
    public static void hardenJdk() {
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // Ephemeral groups for the JDK engine, same order as for BoringSSL.
        System.setProperty("jdk.tls.namedGroups", "x25519,secp256r1,secp384r1");
    }

    public static SslContext forServer(TlsConfig config, KeyMaterial material, List<String> alpn)
            throws TlsSetupException {
        return forServer(config, List.of(material), alpn);
    }

    /**
     * The engine for these key materials. BoringSSL holds one certificate per context, so a site with
     * an ECDSA and an RSA certificate runs on the JDK engine, whose key manager picks per handshake from
     * the client's signature algorithms and cipher suites (the startup log says so).
     */
    public static SslProvider providerFor(TlsConfig config, List<KeyMaterial> materials) throws TlsSetupException {
        SslProvider provider = TlsEngine.resolve(config.provider());
        return materials.size() > 1 ? SslProvider.JDK : provider;
    }

    public static SslContext forServer(TlsConfig config, List<KeyMaterial> materials, List<String> alpn)
            throws TlsSetupException {
        SslProvider provider = providerFor(config, materials);
        KeyMaterial material = materials.get(0);
        if (materials.size() == 1 && !chainInOrder(material.chain())) {
            // With the PKCS#12 key store this was the key store's own check; JKS (below) does not make
            // it, so it is made here, with the same message. Clients such as the JDK's refuse such a chain.
            throw new TlsSetupException("tls.certificate", material.source()
                    + ": the TLS engine refused this key material or policy: Certificate chain is not valid");
        }
        List<String> ciphers = CipherSuites.toJavaNames(config.ciphers(), provider);
        if (alpn.contains("h2")) {
            CipherSuites.checkHttp2(ciphers);
        }
        SslContextBuilder builder = (materials.size() == 1
                ? SslContextBuilder.forServer(material.privateKey(), material.chain())
                : SslContextBuilder.forServer(DualKeyManager.factory(materials)))
                .sslProvider(provider)
                // The engines get the key through a key store that only lives in memory during this
                // build, under a random password. PKCS#12 (the default type) protects the key with
                // 10,000 rounds of PBKDF2-HMAC-SHA256 each way, in Java: about 90 ms on one core at
                // start-up plus the compiler's work on SHA-256, and nothing is gained for a store that is
                // never written anywhere. JKS does it with a few SHA-1 blocks.
                .keyStoreType("JKS")
                .sessionCacheSize(config.sessionCacheSize())
                .sessionTimeout(config.sessionTimeout().toSeconds())
                .protocols(config.protocols())
                .ciphers(ciphers)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        alpn));
        if (provider != SslProvider.JDK) {
            builder.option(OpenSslContextOption.GROUPS, GROUPS);
        }
        if (config.clientAuth() != TlsConfig.ClientAuth.NONE) {
            builder.trustManager(ClientCas.load(config.clientCa()))
                    .clientAuth(config.clientAuth() == TlsConfig.ClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        } else {
            builder.trustManager(NoClientCertificates.FACTORY);
        }
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsSetupException("tls.certificate", material.source()
                    + ": the TLS engine refused this key material or policy: " + rootMessage(e), e);
        }
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            openSsl.setBioNonApplicationBufferSize(BIO_NON_APPLICATION_BUFFER);
        }
        SessionTickets.apply(context, config, material);
        return context;
    }

    /** Each certificate is followed by its issuer (by name) and none appears twice. */
    static boolean chainInOrder(List<java.security.cert.X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!Certificates.namesAsIssuer(chain.get(i), chain.get(i + 1))) {
                return false;
            }
        }
        return new java.util.HashSet<>(chain).size() == chain.size();
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
