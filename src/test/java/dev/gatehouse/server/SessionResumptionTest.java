package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session resumption as OpenSSL's client sees it: -sess_out on one connection, -sess_in on the next. */
class SessionResumptionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void secondConnectionResumes(String protocol) throws Exception {
        try (TestServer server = TestServer.builder(dir.resolve("a")).start()) {
            Path session = dir.resolve("session.pem");
            assertThat(sClient(server.httpsPort(), protocol, "-sess_out", session)).contains("New, TLSv1.");
            assertThat(sClient(server.httpsPort(), protocol, "-sess_in", session)).contains("Reused, TLSv1.");
        }
    }

    @Test
    void twoInstancesSharingTheKeyFileResumeEachOthersTickets() throws Exception {
        Path keys = dir.resolve("ticket-keys");
        byte[] older = new byte[48];
        byte[] newer = new byte[48];
        new SecureRandom().nextBytes(older);
        new SecureRandom().nextBytes(newer);
        Files.writeString(keys, "# newest first\n" + Base64.getEncoder().encodeToString(newer) + "\n"
                + Base64.getEncoder().encodeToString(older) + "\n");
        TestPki pki = TestPki.create();
        TestPki.Leaf leaf = pki.leaf("localhost").sans("localhost", "127.0.0.1").issue();
        Path chain = leaf.writeChainPem(Files.createDirectories(dir.resolve("shared")).resolve("chain.pem"));
        Path key = leaf.writeKeyPkcs8(dir.resolve("shared/key.pem"));
        Path session = dir.resolve("session.pem");
        try (TestServer one = shared(dir.resolve("one"), pki, chain, key, keys);
                TestServer two = shared(dir.resolve("two"), pki, chain, key, keys);
                TestServer alone = TestServer.builder(dir.resolve("alone")).pki(pki)
                        .property("tls.certificate", chain.toString()).property("tls.certificate-private-key", key.toString())
                        .start()) {
            assertThat(sClient(one.httpsPort(), "-tls1_3", "-sess_out", session)).contains("New, TLSv1.3");
            assertThat(sClient(two.httpsPort(), "-tls1_3", "-sess_in", session)).contains("Reused, TLSv1.3");
            // Without the shared file, another instance has its own random keys: no resumption.
            assertThat(sClient(alone.httpsPort(), "-tls1_3", "-sess_in", session)).contains("New, TLSv1.3");
        }
        // Rotation: a ticket from an instance that only had the older key still resumes on one that has both.
        Files.writeString(keys, Base64.getEncoder().encodeToString(older) + "\n");
        try (TestServer old = shared(dir.resolve("old"), pki, chain, key, keys)) {
            assertThat(sClient(old.httpsPort(), "-tls1_3", "-sess_out", session)).contains("New, TLSv1.3");
        }
        Files.writeString(keys, Base64.getEncoder().encodeToString(newer) + "\n" + Base64.getEncoder().encodeToString(older) + "\n");
        try (TestServer rotated = shared(dir.resolve("rotated"), pki, chain, key, keys)) {
            assertThat(sClient(rotated.httpsPort(), "-tls1_3", "-sess_in", session)).contains("Reused, TLSv1.3");
        }
    }

    private static TestServer shared(Path dir, TestPki pki, Path chain, Path key, Path keys) {
        return TestServer.builder(dir).pki(pki).property("tls.certificate", chain.toString())
                .property("tls.certificate-private-key", key.toString())
                .property("tls.session-ticket-keys", keys.toString()).start();
    }

    /** One HTTP/1.0 request (the server closes after it, after the post-handshake ticket has arrived). */
    private static String sClient(int port, String protocol, String sessionOption, Path session) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", protocol, "-ign_eof", sessionOption, session.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes());
        p.getOutputStream().close();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out).containsPattern("HTTP/1.[01] 200 OK");
        return out;
    }
}
