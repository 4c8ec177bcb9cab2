package dev.gatehouse.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain             | plain",
            "say \"hi\"        | say \\x22hi\\x22",
            "back\\slash       | back\\x5cslash",
    })
    void escapesWhatCouldForgeALine(String in, String out) {
        assertThat(AccessLog.escape(in.trim())).isEqualTo(out.trim());
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAreHexEscaped() {
        assertThat(AccessLog.escape("a\r\nb\u0000")).isEqualTo("a\\x0d\\x0ab\\x00");
        assertThat(AccessLog.escape("é")).isEqualTo("\\xe9");
    }

    @ParameterizedTest
    @CsvSource({"0,0.000", "1000000,0.001", "12345678,0.012", "999500000,1.000", "61234000000,61.234"})
    void secondsWithThreeDecimals(long nanos, String text) {
        assertThat(AccessLog.seconds(nanos)).isEqualTo(text);
    }
}
