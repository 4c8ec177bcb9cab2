package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.gatehouse.testing.TestPki.KeyKind;
import dev.gatehouse.tls.KeyMaterial;
import dev.gatehouse.tls.KeyMaterialLoader;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TestPki certificates must pass real TLS verification: a JDK client that trusts only the test CA
 * and checks the host name (as an HTTPS client does) handshakes with a JDK server and with Netty's
 * BoringSSL server, the keys loaded through {@link KeyMaterialLoader} from written files.
 */
class TestPkiTlsTest {

    @TempDir
    Path dir;

    enum Server { JDK, OPENSSL }

    static Stream<Arguments> cases() {
        List<Arguments> table = new ArrayList<>();
        for (Server server : Server.values()) {
            for (KeyKind kind : KeyKind.values()) {
                for (boolean intermediate : new boolean[] {false, true}) {
                    table.add(Arguments.of(server, kind, intermediate));
                }
            }
        }
        return table.stream();
    }

    @ParameterizedTest(name = "{0} server, {1}, intermediate={2}")
    @MethodSource("cases")
    void clientTrustingTheCaAcceptsTheServer(Server server, KeyKind kind, boolean withIntermediate) throws Exception {
        TestPki pki = withIntermediate ? TestPki.createWithIntermediate() : TestPki.create();
        TestPki.Leaf leaf = pki.leaf("localhost").key(kind).sans("localhost", "127.0.0.1", "::1").issue();
        Path chain = leaf.writeChainPem(dir.resolve("chain.pem"));
        Path key = kind.isRsa() ? leaf.writeKeyPkcs1(dir.resolve("key.pem")) : leaf.writeKeySec1(dir.resolve("key.pem"));
        KeyMaterial material = KeyMaterialLoader.loadPem(chain, key, null);

        for (String host : List.of("localhost", "127.0.0.1", "::1")) {
            X509Certificate[] seen = handshake(server, material, pki, host);
            assertThat(seen[0]).isEqualTo(leaf.certificate());
            assertThat(seen).hasSize(withIntermediate ? 2 : 1);
        }
    }

    @Test
    void hostNotInTheSansIsRejected() throws Exception {
        TestPki pki = TestPki.create();
        TestPki.Leaf leaf = pki.leaf("localhost").sans("localhost").issue();

        assertThatThrownBy(() -> handshake(Server.JDK, leaf.keyMaterial(), pki, "example.org"))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void clientTrustingAnotherCaRejectsTheServer() throws Exception {
        TestPki.Leaf leaf = TestPki.create().leaf("localhost").issue();

        assertThatThrownBy(() -> handshake(Server.JDK, leaf.keyMaterial(), TestPki.create(), "localhost"))
                .isInstanceOf(SSLException.class);
    }

    /** Runs a handshake entirely in memory and returns the chain the client received. */
    private static X509Certificate[] handshake(Server serverKind, KeyMaterial material, TestPki trusted, String host)
            throws Exception {
        SSLEngine client = clientContext(trusted).createSSLEngine(host, 443);
        client.setUseClientMode(true);
        SSLParameters parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        client.setSSLParameters(parameters);

        SslContext nettyContext = null;
        SSLEngine server;
        if (serverKind == Server.OPENSSL) {
            assumeThat(OpenSsl.isAvailable()).as("netty-tcnative BoringSSL available").isTrue();
            nettyContext = SslContextBuilder.forServer(material.privateKey(), material.chain())
                    .sslProvider(SslProvider.OPENSSL_REFCNT).build();
            server = nettyContext.newEngine(UnpooledByteBufAllocator.DEFAULT);
        } else {
            server = serverContext(material).createSSLEngine();
            server.setUseClientMode(false);
        }
        try {
            pump(client, server);
            return (X509Certificate[]) client.getSession().getPeerCertificates();
        } finally {
            ReferenceCountUtil.release(server);
            ReferenceCountUtil.release(nettyContext);
        }
    }

    private static void pump(SSLEngine client, SSLEngine server) throws Exception {
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        ByteBuffer clientApp = ByteBuffer.allocate(1 << 17);
        ByteBuffer serverApp = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100 && !(done(client) && done(server)); round++) {
            client.wrap(empty, toServer);
            runTasks(client);
            server.wrap(empty, toClient);
            runTasks(server);
            toServer.flip();
            while (toServer.hasRemaining() && server.unwrap(toServer, serverApp).bytesConsumed() > 0) {
                runTasks(server);
            }
            toServer.compact();
            toClient.flip();
            while (toClient.hasRemaining() && client.unwrap(toClient, clientApp).bytesConsumed() > 0) {
                runTasks(client);
            }
            toClient.compact();
        }
        assertThat(done(client) && done(server)).as("handshake finished").isTrue();
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static SSLContext clientContext(TestPki trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static SSLContext serverContext(KeyMaterial material) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", material.privateKey(), new char[0], material.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
