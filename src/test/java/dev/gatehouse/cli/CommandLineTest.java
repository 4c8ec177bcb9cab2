package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: exit codes and one clear line per problem. */
class CommandLineTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void checkAcceptsAValidConfiguration() {
        Path config = TestServer.builder(dir).pki(TestPki.createWithIntermediate()).writeConfig();
        Result r = run("check", "-c", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("configuration OK").contains("CN=localhost");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void checkRejectsAnUnknownKeyWithOneLine() throws Exception {
        Path config = TestServer.builder(dir).property("listener.htps.port", "8443").writeConfig();
        Result r = run("check", "-c", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(r.err().lines()).containsExactly(
                config + ": listener.htps.port: unknown key (did you mean listener.https.port?)");
    }

    @Test
    void checkRejectsAKeyThatDoesNotMatchTheCertificate() throws Exception {
        TestPki pki = TestPki.create();
        Path otherKey = pki.leaf("other").issue().writeKeyPkcs8(dir.resolve("other-key.pem"));
        Path config = TestServer.builder(dir).pki(pki).property("tls.certificate-private-key", otherKey.toString()).writeConfig();
        Result r = run("check", "-c", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(r.err().lines()).singleElement().asString()
                .contains("other-key.pem").contains("does not match").contains("chain.pem");
    }

    @Test
    void checkFailsOnAnExpiredCertificate() throws Exception {
        TestPki pki = TestPki.createWithIntermediate();
        TestPki.Leaf expired = pki.leaf("localhost").validBetween(Instant.now().minus(Duration.ofDays(60)),
                Instant.now().minus(Duration.ofDays(1))).issue();
        Path chain = expired.writeChainPem(dir.resolve("expired.pem"));
        Path key = expired.writeKeyPkcs8(dir.resolve("expired-key.pem"));
        Path config = TestServer.builder(dir).pki(pki).property("tls.certificate", chain.toString())
                .property("tls.certificate-private-key", key.toString()).writeConfig();
        Result r = run("check", "-c", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(r.err()).contains("expired").contains("expired.pem");
    }

    @Test
    void runExplainsAPortInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path config = TestServer.builder(dir).property("listener.https.port", Integer.toString(busy.getLocalPort()))
                    .writeConfig();
            Result r = run("run", "-c", config.toString());
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err().lines()).singleElement().asString()
                    .contains("listener.https.port").contains("already in use").doesNotContain("Exception");
        }
    }

    @Test
    void runRefusesAnInvalidConfigurationWithExitCode3() {
        Path config = TestServer.builder(dir).property("timeouts.handshake", "10").writeConfig();
        Result r = run("run", "-c", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(r.err()).contains("timeouts.handshake: \"10\" (expected: a duration with a unit");
    }

    @Test
    void versionAndUsage() {
        Result v = run("version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("gatehouse ");
        assertThat(run().code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--no-such-option").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void checkOfTheShippedConfigNamesTheMissingCertificateFiles() {
        Result r = run("check", "-c", "conf/gatehouse.properties");
        assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(r.err()).contains("tls.certificate: \"").contains("fullchain.pem\" does not exist")
                .contains("tls.certificate-private-key: \"").contains("privkey.pem\" does not exist");
    }

}
