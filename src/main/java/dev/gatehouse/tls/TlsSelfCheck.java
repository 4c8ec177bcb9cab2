package dev.gatehouse.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs a full in-memory handshake against a freshly built server context, once per enabled protocol,
 * so a setup that cannot complete a handshake (key the engine rejects, no cipher for the key type)
 * fails at start rather than at the first client. Trust is not the point here: the client accepts any
 * certificate; chain problems are the inspector's job. The client still checks the server's handshake
 * signature, so the handshake proves that the engine signs with a key matching the certificate.
 *
 * <p>The client runs on the same kind of engine as the server: BoringSSL against a BoringSSL context,
 * the JDK's against a JDK one. A JDK client against BoringSSL would work too, but on one core it costs
 * about half a second of start-up: the JDK's TLS client classes, and its X25519, P-256 and SHA-384 in
 * Java, interpreted at first and then compiled, twice (TLS 1.3 and 1.2). With BoringSSL on both sides
 * that is a few milliseconds of native code.
 */
public final class TlsSelfCheck {

    private TlsSelfCheck() {
    }

    public static void run(SslContext context, Iterable<String> protocols, String source) throws TlsSetupException {
        SslContext openSslClient = null;
        try {
            for (String protocol : protocols) {
                try {
                    if (openSslClient == null && context instanceof ReferenceCountedOpenSslContext) {
                        openSslClient = openSslClient(context);
                    }
                    handshake(context, openSslClient, protocol);
                } catch (SSLException | RuntimeException e) {
                    throw new TlsSetupException("tls.certificate", source + ": a test handshake with " + protocol
                            + " failed: " + SslContexts.rootMessage(e)
                            + " (check that tls.ciphers has suites for this key type)", e);
                }
            }
        } finally {
            ReferenceCountUtil.release(openSslClient);
        }
    }

    /** The BoringSSL client: offers exactly the server's suites, so "no common cipher" is the server's own. */
    private static SslContext openSslClient(SslContext server) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .ciphers(server.cipherSuites())
                .build();
    }

    private static void handshake(SslContext context, SslContext openSslClient, String protocol) throws SSLException {
        SSLEngine server = context.newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine client = null;
        try {
            client = openSslClient != null ? openSslEngine(openSslClient, protocol) : clientEngine(protocol);
            server.beginHandshake();
            client.beginHandshake();
            ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
            ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
            ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
            ByteBuffer empty = ByteBuffer.allocate(0);
            for (int i = 0; i < 100; i++) {
                step(client, empty, toServer, toClient, scratch);
                step(server, empty, toClient, toServer, scratch);
                if (done(client) && done(server)) {
                    if (!protocol.equals(client.getSession().getProtocol())) {
                        throw new SSLException("negotiated " + client.getSession().getProtocol());
                    }
                    return;
                }
            }
            throw new SSLException("handshake did not complete");
        } finally {
            ReferenceCountUtil.release(server);
            ReferenceCountUtil.release(client);
        }
    }

    /** One turn of an engine: consume what the peer sent, produce what it wants to send, run tasks. */
    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer scratch)
            throws SSLException {
        in.flip();
        while (in.hasRemaining()) {
            SSLEngineResult r = engine.unwrap(in, scratch);
            scratch.clear();
            runTasks(engine);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break;
            }
        }
        in.compact();
        for (int i = 0; i < 10; i++) {
            SSLEngineResult r = engine.wrap(empty, out);
            runTasks(engine);
            if (r.bytesProduced() == 0) {
                break;
            }
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean done(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus s = engine.getHandshakeStatus();
        return s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || s == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static SSLEngine openSslEngine(SslContext client, String protocol) {
        SSLEngine engine = client.newEngine(ByteBufAllocator.DEFAULT, "gatehouse-self-check", 443);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }

    private static SSLEngine clientEngine(String protocol) throws SSLException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AcceptAnyServer()}, null);
            SSLEngine engine = ctx.createSSLEngine("gatehouse-self-check", 443);
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {protocol});
            return engine;
        } catch (java.security.GeneralSecurityException e) {
            throw new SSLException(e);
        }
    }

    private static final class AcceptAnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Self-check: the handshake's success is what is tested, not the chain.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
