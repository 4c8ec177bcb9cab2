package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code gatehouse check} on broken setups: each gets its own, specific message. */
class DoctorTest {

    @TempDir
    Path dir;

    /** Lays out one broken setup in the config builder. */
    interface Setup {
        void apply(TestServer.Builder b, Path dir) throws Exception;
    }

    record Outcome(int exit, String out, String err) {
    }

    static Stream<Arguments> brokenSetups() {
        return Stream.of(
            Arguments.of("key does not match", (Setup) (b, d) -> {
                TestPki pki = TestPki.create();
                b.property("tls.certificate", pki.leaf("localhost").issue().writeChainPem(d.resolve("c.pem")).toString())
                        .property("tls.certificate-private-key",
                                pki.leaf("localhost").issue().writeKeyPkcs8(d.resolve("k.pem")).toString());
            }, 3, "the private key does not match the certificate"),
            Arguments.of("expired", (Setup) (b, d) -> pair(b, d, TestPki.create().leaf("localhost")
                    .validBetween(Instant.now().minus(Duration.ofDays(90)), Instant.now().minus(Duration.ofDays(1))).issue()),
                    3, "expired on"),
            Arguments.of("expiring soon", (Setup) (b, d) -> pair(b, d, TestPki.create().leaf("localhost")
                    .validFor(Duration.ofDays(10)).issue()), 0, "expires in 9 day(s)"),
            Arguments.of("wrong order", (Setup) (b, d) -> {
                TestPki pki = TestPki.createWithIntermediate();
                TestPki.Leaf leaf = pki.leaf("localhost").issue();
                pem(d.resolve("c.pem"), List.of(leaf.certificate(), pki.caCertificate(), pki.intermediateCertificate().get()));
                b.property("tls.certificate", d.resolve("c.pem").toString())
                        .property("tls.certificate-private-key", leaf.writeKeyPkcs8(d.resolve("k.pem")).toString());
            }, 3, "is out of order: certificate 1 (CN=localhost) is not issued by certificate 2"),
            Arguments.of("missing intermediate", (Setup) (b, d) -> {
                TestPki.Leaf leaf = TestPki.createWithIntermediate().leaf("localhost").issue();
                b.property("tls.certificate", leaf.writeCertificatePem(d.resolve("c.pem")).toString())
                        .property("tls.certificate-private-key", leaf.writeKeyPkcs8(d.resolve("k.pem")).toString());
            }, 0, "looks incomplete: certificate CN=localhost is issued by CN=Gatehouse Test Intermediate"),
            Arguments.of("SAN mismatch", (Setup) (b, d) -> {
                TestPki pki = TestPki.create();
                pair(b, d, pki.leaf("localhost").issue());
                TestPki.Leaf shop = pki.leaf("shop.example.org").sans("shop.example.org").issue();
                b.property("site.shop.server-names", "shop.example.org,www.shop.example.org,*.shop.example.org")
                        .property("site.shop.tls.certificate", shop.writeChainPem(d.resolve("s.pem")).toString())
                        .property("site.shop.tls.certificate-private-key", shop.writeKeyPkcs8(d.resolve("sk.pem")).toString());
            }, 3, "server name www.shop.example.org of site shop is not covered by the certificate CN=shop.example.org"),
            Arguments.of("world-readable key", (Setup) (b, d) -> {
                pair(b, d, TestPki.create().leaf("localhost").issue());
            }, 0, "is readable by every user (mode rw-r--r--); make it private: chmod 600"),
            Arguments.of("weak RSA-1024", (Setup) (b, d) -> pair(b, d, TestPki.create().leaf("localhost").rsa(1024).issue()),
                    0, "has a weak 1024-bit RSA key; use at least 2048 bits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenSetups")
    void eachBrokenSetupHasItsMessage(String name, Setup setup, int exit, String message) throws Exception {
        TestServer.Builder b = TestServer.builder(dir).property("listener.http.mode", "off");
        setup.apply(b, dir);
        Path config = b.writeConfig();
        if (!name.equals("world-readable key")) {
            privateKeys(dir);
        } else {
            Files.setPosixFilePermissions(dir.resolve("k.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Outcome o = check(config);
        assertThat(o.err()).as(o.out()).contains(message);
        assertThat(o.exit()).as(o.err()).isEqualTo(exit);
        assertThat(o.out()).contains("site default: " + (exit == 0 || name.equals("SAN mismatch") ? "OK" : "FAILED"));
        Outcome j = check(config, "--json");
        assertThat(j.exit()).isEqualTo(exit);
        assertThat(j.out()).startsWith("{\"config\":").contains("\"ok\":" + (exit == 0))
                .contains(message.replace("\"", "\\\""));
    }

    @Test
    void healthySetupIsOkWithASummaryPerSite() throws Exception {
        TestPki pki = TestPki.createWithIntermediate();
        TestServer.Builder b = TestServer.builder(dir).pki(pki).property("listener.http.mode", "off");
        pair(b, dir, pki.leaf("localhost").validFor(Duration.ofDays(90)).issue());
        Path config = b.writeConfig();
        privateKeys(dir);
        Outcome o = check(config);
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("note: the chain in").contains("not a root the JDK trusts");
        assertThat(o.out()).containsPattern("site default: OK - CN=localhost \\(EC P-256\\), serial [0-9a-f]+, valid until \\S+ \\(\\d+ days\\)")
                .contains("configuration OK");
    }

    @Test
    void portThatNeedsPrivilegeIsExplained() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("user.name").equals("root")
                || canBind(443), "this user may bind port 443");
        Path config = TestServer.builder(dir).property("listener.http.mode", "off")
                .property("listener.https.port", "443").property("listener.https.address", "127.0.0.1").writeConfig();
        privateKeys(dir);
        Outcome o = check(config);
        assertThat(o.err()).contains("listener.https.port: cannot bind 127.0.0.1:443: permission denied")
                .contains("CAP_NET_BIND_SERVICE");
        assertThat(o.exit()).isEqualTo(3);
    }

    private static boolean canBind(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return !String.valueOf(e.getMessage()).toLowerCase().contains("permission");
        }
    }

    private static void pair(TestServer.Builder b, Path d, TestPki.Leaf leaf) {
        b.property("tls.certificate", leaf.writeChainPem(d.resolve("c.pem")).toString())
                .property("tls.certificate-private-key", leaf.writeKeyPkcs8(d.resolve("k.pem")).toString());
    }

    private static void pem(Path file, List<X509Certificate> certs) throws IOException, CertificateEncodingException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        Files.writeString(file, sb);
    }

    /** Test keys are written with the umask's mode; make them private as an operator would. */
    private static void privateKeys(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.readString(f, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY")) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    private static Outcome check(Path config, String... extra) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] args = Stream.concat(Stream.of("check", "-c", config.toString()), Stream.of(extra)).toArray(String[]::new);
            int exit = Main.execute(args);
            return new Outcome(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
