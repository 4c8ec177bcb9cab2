package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderTest {

    @ParameterizedTest
    @CsvSource({"example.org,example.org,-1", "Example.ORG:8443,example.org,8443", "127.0.0.1:80,127.0.0.1,80",
            "[::1],[::1],-1", "[::1]:443,[::1],443", "xn--bcher-kva.example,xn--bcher-kva.example,-1"})
    void validHosts(String value, String host, int port) {
        assertThat(HostHeader.parse(value)).isEqualTo(new HostHeader(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user@example.org", "example.org\r\nX: y", "exa mple.org", "example.org:", "example.org:99999",
            "example.org:80:80", "[::1", "[::1]x", "[zz]", "a/b", "a\\b", "example.org:8o", "%2e"})
    void invalidHosts(String value) {
        assertThat(HostHeader.parse(value)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"localhost,true", "app.localhost,true", "127.0.0.1,true", "[::1],true", "example.org,false", "localhost.example.org,false"})
    void localOrIp(String value, boolean expected) {
        assertThat(HostHeader.parse(value).isLocalOrIp()).isEqualTo(expected);
    }
}
