package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsKeysTest {

    @TempDir
    Path dir;

    private Properties base() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(TestServer.builder(dir).writeConfig())) {
            p.load(in);
        }
        return p;
    }

    private ServerConfig load(Properties p) throws ConfigException {
        return ConfigLoader.load(p, "test.properties", dir, null);
    }

    @Test
    void defaults() throws Exception {
        OpsConfig ops = load(base()).ops();
        assertThat(ops.admin().enabled()).isFalse();
        assertThat(ops.admin().address()).isEqualTo("127.0.0.1");
        assertThat(ops.accessLogFormat()).isEqualTo(OpsConfig.AccessLogFormat.COMBINED);
        assertThat(ops.proxyHttps()).isFalse();
    }

    @Test
    void values() throws Exception {
        Properties p = base();
        p.setProperty("admin.port", "9100");
        p.setProperty("admin.token", "0123456789abcdef");
        p.setProperty("log.access-format", "json");
        p.setProperty("listener.https.proxy-protocol", "true");
        p.setProperty("listener.trusted-proxies", "10.0.0.0/8, ::1");
        OpsConfig ops = load(p).ops();
        assertThat(ops.admin().port()).isEqualTo(9100);
        assertThat(ops.admin().token()).isEqualTo(Secret.of("0123456789abcdef"));
        assertThat(ops.accessLogFormat()).isEqualTo(OpsConfig.AccessLogFormat.JSON);
        assertThat(ops.trustedProxies()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "admin.port|x|admin.port",
        "admin.address|*|admin.address",
        "admin.token|short|admin.token",
        "log.access-format|xml|log.access-format",
        "listener.https.proxy-protocol|true|listener.https.proxy-protocol",
        "listener.trusted-proxies|example.org|listener.trusted-proxies",
        "listener.trusted-proxies|10.0.0.0/33|listener.trusted-proxies",
    })
    void problemsNameTheKey(String key, String value, String reported) throws Exception {
        Properties p = base();
        p.setProperty(key, value);
        assertThatThrownBy(() -> load(p)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anyMatch(pr -> reported.equals(pr.key())));
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.0/23, 192.168.0.9, true",
        "192.168.1.0/23, 192.168.2.1, false",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "::1, ::1, true",
        "fd00::/8, fd12:3456::1, true",
        "fd00::/8, 10.0.0.1, false",
        "0.0.0.0/0, 203.0.113.9, true",
    })
    void cidrContains(String block, String address, boolean expected) throws Exception {
        assertThat(Cidr.parse(block).contains(InetAddress.getByName(address))).isEqualTo(expected);
    }
}
