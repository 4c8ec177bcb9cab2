package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** tls.client-auth with tls.client-ca: who gets in, and the subject in the access log. */
class MutualTlsTest {

    @TempDir
    Path dir;
    TestPki serverPki;
    TestPki clientPki;
    ListAppender<ILoggingEvent> access;

    @BeforeEach
    void setUp() {
        serverPki = TestPki.create();
        clientPki = TestPki.create();
        access = new ListAppender<>();
        access.start();
        ((Logger) LoggerFactory.getLogger("gatehouse.access")).addAppender(access);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger("gatehouse.access")).detachAppender(access);
    }

    @ParameterizedTest(name = "client-auth={0}, client certificate {1}, {2} -> {3}")
    @CsvSource({
        "require,  trusted,   TLSv1.3, 200",
        "require,  trusted,   TLSv1.2, 200",
        "require,  none,      TLSv1.3, refused",
        "require,  none,      TLSv1.2, refused",
        "require,  untrusted, TLSv1.3, refused",
        "optional, none,      TLSv1.3, 200",
        "optional, trusted,   TLSv1.3, 200",
        "optional, untrusted, TLSv1.3, refused",
        "optional, untrusted, TLSv1.2, refused",
        "none,     untrusted, TLSv1.3, 200"})
    void whoGetsIn(String mode, String certificate, String protocol, String expected) throws Exception {
        TestServer.Builder b = TestServer.builder(dir).pki(serverPki).property("tls.client-auth", mode);
        if (!mode.equals("none")) {
            b.property("tls.client-ca", clientPki.writeCaPem(dir.resolve("client-ca.pem")).toString());
        }
        try (TestServer server = b.start()) {
            TestPki.Leaf client = switch (certificate) {
                case "trusted" -> clientPki.leaf("alice").forClient().issue();
                case "untrusted" -> TestPki.create().leaf("mallory").forClient().issue();
                default -> null;
            };
            String response = request(clientContext(client), server.httpsPort(), protocol);
            if (expected.equals("200")) {
                assertThat(response).startsWith("HTTP/1.1 200 ");
                String line = lastAccessLine();
                assertThat(line).contains(certificate.equals("trusted") && !mode.equals("none")
                        ? " - CN=alice [" : " - - [");
            } else {
                assertThat(response).doesNotContain("HTTP/1.1");
            }
        }
    }

    /**
     * The newest access-log line, waiting up to 5 s for one: the server logs when its write has
     * completed, which may be just after the client has read the response.
     */
    private String lastAccessLine() throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            synchronized (access) { // the lock ListAppender's doAppend holds while it adds
                if (!access.list.isEmpty()) {
                    return access.list.get(access.list.size() - 1).getFormattedMessage();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access-log line within 5 s");
    }

    /** Handshake and one request; a refused handshake gives an empty string, whichever side notices. */
    private static String request(SSLContext ctx, int port, String protocol) {
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return RawTls.readAll(socket.getInputStream());
        } catch (IOException e) {
            return "";
        }
    }

    private SSLContext clientContext(TestPki.Leaf client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", serverPki.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.privateKey(), "pw".toCharArray(),
                    client.chain().toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
