package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.SniClient;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One site, an ECDSA and an RSA certificate: clients that can use ECDSA get it, the others get RSA. */
class DualCertificateTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        TestPki pki = TestPki.create();
        TestPki.Leaf ec = pki.leaf("localhost").ecP256().sans("localhost", "127.0.0.1").issue();
        TestPki.Leaf rsa = pki.leaf("localhost").key(TestPki.KeyKind.RSA_2048).sans("localhost", "127.0.0.1").issue();
        server = TestServer.builder(dir).pki(pki)
                // RSA listed first on purpose: the choice must follow the client, not the file order.
                .property("tls.certificate", rsa.writeChainPem(dir.resolve("rsa.pem")) + "," + ec.writeChainPem(dir.resolve("ec.pem")))
                .property("tls.certificate-private-key", rsa.writeKeyPkcs8(dir.resolve("rsa-key.pem")) + ","
                        + ec.writeKeyPkcs8(dir.resolve("ec-key.pem")))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "TLSv1.3, default, EC",
        "TLSv1.2, default, EC",
        "TLSv1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, RSA",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, EC"})
    void jdkClients(String protocol, String cipher, String expectedKey) throws Exception {
        try (SSLSocket socket = (SSLSocket) server.clientSslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            SSLParameters p = socket.getSSLParameters();
            p.setProtocols(new String[] {protocol});
            if (!cipher.equals("default")) {
                p.setCipherSuites(new String[] {cipher});
            }
            socket.setSSLParameters(p);
            socket.startHandshake();
            assertThat(SniClient.peerLeaf(socket).getPublicKey().getAlgorithm()).isEqualTo(expectedKey);
            assertThat(SniClient.get(socket, "localhost", "/")).startsWith("HTTP/1.1 200 ");
        }
    }

    // No TLS 1.3 "RSA signatures only" case: the test CA signs with ECDSA, so such a client could not
    // accept any chain of ours (its sigalgs also govern the certificate signatures).
    @ParameterizedTest(name = "openssl {0}")
    @CsvSource(delimiter = '|', value = {
        "-tls1_3 | ecdsa",
        "-tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256 | rsa",
        "-tls1_2 | ecdsa"})
    void opensslClients(String options, String expected) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + server.httpsPort(), "-servername", "localhost"));
        cmd.addAll(java.util.List.of(options.trim().split("\\s+")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        // "Peer signature type: ECDSA" / "RSA-PSS" / "RSA"; and the public key line names the algorithm.
        assertThat(out).containsPattern(expected.equals("ecdsa") ? "Server public key is 256 bit|Peer signature type: ECDSA"
                : "Server public key is 2048 bit");
    }

    @Test
    void bothCertificatesAreReportedAtStartup() {
        assertThat(server.server().state().defaultSite().tls().materials()).hasSize(2);
        assertThat(server.server().state().defaultSite().tls().provider()).hasToString("JDK");
    }
}
