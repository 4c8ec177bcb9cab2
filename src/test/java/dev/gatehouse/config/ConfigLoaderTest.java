package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/fullchain.pem"), "x");
        Files.writeString(dir.resolve("certs/privkey.pem"), "x");
    }

    private static final String MINIMAL = """
            tls.certificate=certs/fullchain.pem
            tls.certificate-private-key=certs/privkey.pem
            static.root=www
            """;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("gatehouse.properties");
        Files.writeString(file, content);
        return file;
    }

    private List<String> problems(String content) throws IOException {
        Path file = write(content);
        try {
            ConfigLoader.load(file);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void minimalConfigGetsTheDocumentedDefaults() throws Exception {
        ServerConfig c = ConfigLoader.load(write(MINIMAL));
        assertThat(c.https().port()).isEqualTo(443);
        assertThat(c.https().address()).isNull();
        assertThat(c.http().port()).isEqualTo(80);
        assertThat(c.plainMode()).isEqualTo(PlainMode.REDIRECT);
        assertThat(c.timeouts().handshake()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.timeouts().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        TlsConfig tls = c.defaultSite().tls();
        assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(tls.ciphers()).isEqualTo(TlsConfig.DEFAULT_CIPHERS);
        assertThat(tls.provider()).isEqualTo(TlsProvider.AUTO);
        assertThat(c.defaultSite().staticFiles().indexFiles()).containsExactly("index.html");
        assertThat(c.defaultSite().hsts()).isEqualTo("max-age=63072000");
        assertThat(c.accessLog()).isTrue();
        assertThat(c.transport()).isEqualTo(IoTransport.AUTO);
        assertThat(c.bufferRing()).isEqualTo(256);
        assertThat(c.https().deferAccept()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.http().deferAccept()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void deferAcceptIsWholeSecondsOrOff() throws Exception {
        ServerConfig c = ConfigLoader.load(write(MINIMAL + "listener.https.defer-accept=off\nlistener.http.defer-accept=1m\n"));
        assertThat(c.https().deferAccept()).isZero();
        assertThat(c.http().deferAccept()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ConfigLoader.load(write(MINIMAL + "listener.https.defer-accept=1s\n")).https().deferAccept())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bufferRingIsAPowerOfTwoOrOff() throws Exception {
        assertThat(ConfigLoader.load(write(MINIMAL + "server.io-uring-buffer-ring=off\n")).bufferRing()).isZero();
        assertThat(ConfigLoader.load(write(MINIMAL + "server.io-uring-buffer-ring=16\n")).bufferRing()).isEqualTo(16);
        assertThat(ConfigLoader.load(write(MINIMAL + "server.io-uring-buffer-ring=16384\n")).bufferRing())
                .isEqualTo(16384);
    }

    @Test
    void transportAcceptsTheKernelSpellingAndTheKeyStyleOne() throws Exception {
        assertThat(ConfigLoader.load(write(MINIMAL + "server.transport=io_uring\n")).transport())
                .isEqualTo(IoTransport.IO_URING);
        assertThat(ConfigLoader.load(write(MINIMAL + "server.transport=io-uring\n")).transport())
                .isEqualTo(IoTransport.IO_URING);
        assertThat(ConfigLoader.load(write(MINIMAL + "server.transport=NIO\n")).transport())
                .isEqualTo(IoTransport.NIO);
    }

    @Test
    void relativePathsResolveAgainstTheConfigFolder() throws Exception {
        ServerConfig c = ConfigLoader.load(write(MINIMAL));
        assertThat(c.defaultSite().staticFiles().root()).isEqualTo(dir.resolve("www"));
        KeySource.PemFiles pem = (KeySource.PemFiles) c.defaultSite().tls().keySource();
        assertThat(pem.certificates()).containsExactly(dir.resolve("certs/fullchain.pem"));
        assertThat(pem.privateKeys()).containsExactly(dir.resolve("certs/privkey.pem"));
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() throws Exception {
        assertThat(problems(MINIMAL + "timeouts.handshak=10s\n"))
                .containsExactly(dir.resolve("gatehouse.properties")
                        + ": timeouts.handshak: unknown key (did you mean timeouts.handshake?)");
    }

    @Test
    void unknownKeyFarFromAnyKnownGetsNoSuggestion() throws Exception {
        assertThat(problems(MINIMAL + "completely.different=1\n")).singleElement().asString()
                .endsWith("completely.different: unknown key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "timeouts.handshake=10 | timeouts.handshake: \"10\" (expected: a duration with a unit, e.g. 10s, 500ms, 5m, 1h, 7d)",
            "timeouts.idle=0s | timeouts.idle: \"0s\" (expected: a duration greater than zero)",
            "listener.https.port=70000 | listener.https.port: \"70000\" (expected: an integer from 0 to 65535)",
            "listener.https.port=https | listener.https.port: \"https\" (expected: an integer from 0 to 65535)",
            "listener.http.mode=sometimes | listener.http.mode: \"sometimes\" (expected: one of redirect, off, serve, upgrade, upgrade+redirect)",
            "tls.provider=nss | tls.provider: \"nss\" (expected: one of auto, openssl, jdk)",
            "server.transport=kqueue | server.transport: \"kqueue\" (expected: auto, epoll, io_uring or nio)",
            "server.io-uring-buffer-ring=100 | server.io-uring-buffer-ring: \"100\" (expected: off, or a power of two from 16 to 16384)",
            "server.io-uring-buffer-ring=8 | server.io-uring-buffer-ring: \"8\" (expected: off, or a power of two from 16 to 16384)",
            "server.io-uring-buffer-ring=32768 | server.io-uring-buffer-ring: \"32768\" (expected: off, or a power of two from 16 to 16384)",
            "server.io-uring-buffer-ring=no | server.io-uring-buffer-ring: \"no\" (expected: off, or a power of two from 16 to 16384)",
            "listener.https.defer-accept=500ms | listener.https.defer-accept: \"500ms\" (expected: off, or whole seconds from 1s to 60s)",
            "listener.https.defer-accept=0s | listener.https.defer-accept: \"0s\" (expected: off, or whole seconds from 1s to 60s)",
            "listener.http.defer-accept=2m | listener.http.defer-accept: \"2m\" (expected: off, or whole seconds from 1s to 60s)",
            "listener.http.defer-accept=yes | listener.http.defer-accept: \"yes\" (expected: off, or whole seconds from 1s to 60s)",
            "tls.protocols=TLSv1.1 | tls.protocols: \"TLSv1.1\" (expected: TLSv1.3 and/or TLSv1.2; older versions are insecure and not supported)",
            "limits.max-header-size=16 | limits.max-header-size: \"16\" (expected: a size with a unit, e.g. 512B, 64KiB, 16MiB)",
            "log.access=maybe | log.access: \"maybe\" (expected: true or false)",
            "headers.hsts=forever | headers.hsts: \"forever\" (expected: off, or a header value such as max-age=63072000; includeSubDomains)",
            "static.index-files=../index.html | static.index-files: \"../index.html\" (expected: plain file names such as index.html)",
    })
    void valueErrorsNameFileKeyValueAndExpectation(String line, String expected) throws Exception {
        assertThat(problems(MINIMAL + line + "\n"))
                .containsExactly(dir.resolve("gatehouse.properties") + ": " + expected);
    }

    @Test
    void allProblemsAreReportedTogether() throws Exception {
        assertThat(problems("timeouts.handshake=ten\nstatic.root=nope\n")).hasSize(3)
                .anyMatch(p -> p.contains("timeouts.handshake"))
                .anyMatch(p -> p.contains("static.root: \"" + dir.resolve("nope") + "\" (expected: an existing directory; it does not exist)"))
                .anyMatch(p -> p.contains("tls.certificate: missing"));
    }

    @Test
    void missingCertificateFilesAreNamed() throws Exception {
        List<String> p = problems("tls.certificate=certs/none.pem\ntls.certificate-private-key=certs/nokey.pem\nstatic.root=www\n");
        assertThat(p).containsExactly(
                dir.resolve("gatehouse.properties") + ": tls.certificate: \"" + dir.resolve("certs/none.pem")
                        + "\" does not exist (expected: a PEM certificate chain, leaf first; see certs/README.md)",
                dir.resolve("gatehouse.properties") + ": tls.certificate-private-key: \"" + dir.resolve("certs/nokey.pem")
                        + "\" does not exist (expected: a PEM private key; see certs/README.md)");
    }

    @Test
    void keyStoreAndPemTogetherIsAnError() throws Exception {
        Files.writeString(dir.resolve("certs/site.p12"), "x");
        assertThat(problems(MINIMAL + "tls.key-store=certs/site.p12\ntls.key-store-password=x\n"))
                .singleElement().asString().contains("tls.key-store: set together with tls.certificate");
    }

    @Test
    void keyStoreNeedsItsPassword() throws Exception {
        Files.writeString(dir.resolve("certs/site.p12"), "x");
        assertThat(problems("tls.key-store=certs/site.p12\nstatic.root=www\n"))
                .singleElement().asString().contains("tls.key-store-password: missing");
    }

    @Test
    void passwordsCanComeFromFiles() throws Exception {
        Files.writeString(dir.resolve("pw"), "s3cret\n");
        Files.writeString(dir.resolve("certs/site.p12"), "x");
        ServerConfig c = ConfigLoader.load(write("tls.key-store=certs/site.p12\ntls.key-store-password=file:pw\nstatic.root=www\n"));
        KeySource.KeyStoreFile ks = (KeySource.KeyStoreFile) c.defaultSite().tls().keySource();
        assertThat(ks.storePassword().chars()).isEqualTo("s3cret".toCharArray());
        assertThat(ks.storePassword().toString()).doesNotContain("s3cret");
    }

    @Test
    void missingPasswordFileIsNamed() throws Exception {
        Files.writeString(dir.resolve("certs/site.p12"), "x");
        assertThat(problems("tls.key-store=certs/site.p12\ntls.key-store-password=file:nope\nstatic.root=www\n"))
                .anyMatch(p -> p.contains("tls.key-store-password: \"file:nope\" (expected: a readable file holding the password; file not found)"));
    }

    @Test
    void samePortForBothListenersIsRefused() throws Exception {
        assertThat(problems(MINIMAL + "listener.https.port=8443\nlistener.http.port=8443\n"))
                .singleElement().asString().contains("listener.http.port: \"8443\" (expected: a port other than listener.https.port)");
    }

    @Test
    void unreadableFileIsOneClearLine() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("absent.properties") + ": cannot read the configuration file: file not found");
    }

    @Test
    void hstsCanBeTurnedOffOrExtended() throws Exception {
        assertThat(ConfigLoader.load(write(MINIMAL + "headers.hsts=off\n")).defaultSite().hsts()).isNull();
        assertThat(ConfigLoader.load(write(MINIMAL + "headers.hsts=max-age=300; includeSubDomains\n")).defaultSite().hsts())
                .isEqualTo("max-age=300; includeSubDomains");
    }

    @Test
    void shippedConfigDocumentsOnlyKnownKeys() throws Exception {
        // The shipped file must parse without unknown-key errors (missing certificates are expected).
        Path shipped = Path.of("conf/gatehouse.properties");
        try {
            ConfigLoader.load(shipped);
        } catch (ConfigException e) {
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.message()).doesNotContain("unknown key"));
        }
    }
}
