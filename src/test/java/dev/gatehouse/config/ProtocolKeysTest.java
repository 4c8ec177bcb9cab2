package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** listener.https.protocols, listener.https.unified, http2.* and the listener.http.mode values. */
class ProtocolKeysTest {

    @TempDir
    Path dir;

    private static final String MINIMAL = """
            tls.certificate=certs/fullchain.pem
            tls.certificate-private-key=certs/privkey.pem
            static.root=www
            """;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/fullchain.pem"), "x");
        Files.writeString(dir.resolve("certs/privkey.pem"), "x");
    }

    private ServerConfig load(String extra) throws Exception {
        Path file = dir.resolve("gatehouse.properties");
        Files.writeString(file, MINIMAL + extra);
        return ConfigLoader.load(file);
    }

    private List<String> problems(String extra) throws Exception {
        try {
            load(extra);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void defaults() throws Exception {
        ServerConfig c = load("");
        assertThat(c.protocols().alpn()).containsExactly("h2", "http/1.1");
        assertThat(c.protocols().unified()).isTrue();
        assertThat(c.protocols().http2()).isEqualTo(new Http2Config(100, 65536, 16384, 16384));
        assertThat(c.plainMode()).isEqualTo(PlainMode.REDIRECT);
    }

    @ParameterizedTest
    @CsvSource({"redirect, REDIRECT", "off, OFF", "serve, SERVE", "upgrade, UPGRADE",
            "upgrade+redirect, UPGRADE_REDIRECT", "Upgrade+Redirect, UPGRADE_REDIRECT"})
    void plainModes(String value, PlainMode mode) throws Exception {
        assertThat(load("listener.http.mode=" + value + "\n").plainMode()).isEqualTo(mode);
    }

    @Test
    void valuesAreParsed() throws Exception {
        ServerConfig c = load("""
                listener.https.protocols=http/1.1
                listener.https.unified=false
                http2.max-concurrent-streams=250
                http2.initial-window-size=1MiB
                http2.max-frame-size=32KiB
                http2.max-header-list-size=32KiB
                """);
        assertThat(c.protocols().alpn()).containsExactly("http/1.1");
        assertThat(c.protocols().offersHttp2()).isFalse();
        assertThat(c.protocols().unified()).isFalse();
        assertThat(c.protocols().http2()).isEqualTo(new Http2Config(250, 1024 * 1024, 32 * 1024, 32 * 1024));
    }

    @Test
    void badValuesNameTheKeyAndWhatIsExpected() throws Exception {
        assertThat(problems("listener.http.mode=upgrade-only\n")).singleElement().asString()
                .contains("listener.http.mode").contains("upgrade+redirect");
        assertThat(problems("listener.https.protocols=h2,spdy/3\n")).singleElement().asString()
                .contains("listener.https.protocols").contains("\"spdy/3\"").contains("h2 and/or http/1.1");
        assertThat(problems("http2.max-frame-size=8KiB\n")).singleElement().asString()
                .contains("http2.max-frame-size").contains("16384 to 16777215");
        assertThat(problems("http2.max-concurrent-streams=0\n")).singleElement().asString()
                .contains("http2.max-concurrent-streams");
        assertThat(problems("http2.max-streams=10\n")).singleElement().asString()
                .contains("http2.max-streams");
    }
}
