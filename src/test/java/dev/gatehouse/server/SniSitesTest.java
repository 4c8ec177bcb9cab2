package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.SniClient;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Several sites on one port: the certificate follows SNI, the files follow the certificate, 421 otherwise. */
class SniSitesTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static TestPki pki;

    static TestServer.Builder sites(Path dir, TestPki pki) throws IOException {
        TestServer.Builder b = TestServer.builder(dir).pki(pki);
        b.docroot();
        Path certs = Files.createDirectories(dir.resolve("site-certs"));
        for (String[] site : new String[][] {{"shop", "shop.example.org", "www.shop.example.org"},
                {"wild", "*.wild.example.org", "*.wild.example.org"}}) {
            String id = site[0];
            TestPki.Leaf leaf = pki.leaf(site[1]).sans(site[1], site[2]).issue();
            Path root = Files.createDirectories(dir.resolve("www-" + id));
            Files.writeString(root.resolve("index.html"), "site " + id + "\n");
            b.property("site." + id + ".server-names", site[1] + "," + site[2])
                    .property("site." + id + ".tls.certificate", leaf.writeChainPem(certs.resolve(id + ".pem")).toString())
                    .property("site." + id + ".tls.certificate-private-key",
                            leaf.writeKeyPkcs8(certs.resolve(id + "-key.pem")).toString())
                    .property("site." + id + ".static.root", root.toString());
        }
        return b;
    }

    @BeforeAll
    static void start() throws IOException {
        pki = TestPki.create();
        server = sites(dir, pki).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "SNI {0} -> certificate {1}, files of {2}")
    @CsvSource({
        "shop.example.org, shop.example.org, shop",
        "WWW.Shop.Example.org, shop.example.org, shop",
        "a.wild.example.org, *.wild.example.org, wild",
        "localhost, localhost, test",
        "unknown.example.net, localhost, test",
        "wild.example.org, localhost, test",
        "a.b.wild.example.org, localhost, test"})
    void certificateAndFilesFollowSni(String sni, String expectedCn, String expectedBody) throws Exception {
        try (SSLSocket socket = SniClient.connect(server.clientSslContext(), server.httpsPort(), sni)) {
            assertThat(SniClient.peerLeaf(socket).getSubjectX500Principal().getName()).isEqualTo("CN=" + expectedCn);
            String response = SniClient.get(socket, sni, "/");
            assertThat(response).startsWith("HTTP/1.1 200 ").contains(expectedBody);
        }
    }

    @Test
    void noSniGetsTheDefaultSite() throws Exception {
        try (SSLSocket socket = SniClient.connect(server.clientSslContext(), server.httpsPort(), null)) {
            assertThat(SniClient.peerLeaf(socket).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(SniClient.get(socket, "127.0.0.1", "/")).startsWith("HTTP/1.1 200 ").contains("hello");
        }
    }

    @ParameterizedTest(name = "SNI {0} with Host {1} -> 421")
    @CsvSource({
        "shop.example.org, x.wild.example.org",
        "shop.example.org, localhost",
        "shop.example.org, 127.0.0.1",
        "a.wild.example.org, shop.example.org",
        "localhost, www.shop.example.org"})
    void hostOfAnotherSiteIsMisdirected(String sni, String host) throws Exception {
        try (SSLSocket socket = SniClient.connect(server.clientSslContext(), server.httpsPort(), sni)) {
            assertThat(SniClient.get(socket, host, "/")).startsWith("HTTP/1.1 421 ");
        }
    }

    @Test
    void otherNameOfTheSameSiteIsServed() throws Exception {
        try (SSLSocket socket = SniClient.connect(server.clientSslContext(), server.httpsPort(), "shop.example.org")) {
            assertThat(SniClient.get(socket, "www.shop.example.org:443", "/")).startsWith("HTTP/1.1 200 ")
                    .contains("site shop");
        }
    }

    @Test
    void rejectUnknownSniRefusesWithUnrecognizedName(@TempDir Path other) throws Exception {
        try (TestServer strict = sites(other, pki).property("tls.reject-unknown-sni", "true").start()) {
            try (SSLSocket ok = SniClient.connect(strict.clientSslContext(), strict.httpsPort(), "shop.example.org")) {
                assertThat(SniClient.get(ok, "shop.example.org", "/")).startsWith("HTTP/1.1 200 ");
            }
            assertThatThrownBy(() -> SniClient.connect(strict.clientSslContext(), strict.httpsPort(), "nope.example.net")
                    .close()).isInstanceOf(SSLException.class).hasMessageContaining("unrecognized_name");
            assertThatThrownBy(() -> SniClient.connect(strict.clientSslContext(), strict.httpsPort(), null).close())
                    .isInstanceOf(SSLException.class).hasMessageContaining("unrecognized_name");
            // And as OpenSSL reports it.
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + strict.httpsPort(),
                    "-servername", "nope.example.net").redirectErrorStream(true).start();
            p.getOutputStream().close();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes())).contains("unrecognized name");
            Process q = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + strict.httpsPort(),
                    "-servername", "x.wild.example.org").redirectErrorStream(true).start();
            q.getOutputStream().close();
            assertThat(q.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(q.getInputStream().readAllBytes())).contains("CN = *.wild.example.org");
        }
    }
}
