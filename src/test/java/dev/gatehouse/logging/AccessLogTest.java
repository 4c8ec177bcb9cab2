package dev.gatehouse.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogTest {

    private static String escape(String s) {
        return new LineBytes(16).escaped(s).toString();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain             | plain",
            "say \"hi\"        | say \\x22hi\\x22",
            "back\\slash       | back\\x5cslash",
    })
    void escapesWhatCouldForgeALine(String in, String out) {
        assertThat(escape(in.trim())).isEqualTo(out.trim());
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAreHexEscaped() {
        assertThat(escape("a\r\nb\u0000")).isEqualTo("a\\x0d\\x0ab\\x00");
        assertThat(escape("é")).isEqualTo("\\xe9");
        assertThat(escape("a\u20acb")).isEqualTo("a\\u20acb");
    }

    @ParameterizedTest
    @CsvSource({"0,0.000", "499999,0.000", "500000,0.001", "1000000,0.001", "12345678,0.012", "999499999,0.999",
            "999500000,1.000", "61234000000,61.234", "-3,0.000", "9223372036854775807,9223372036.855"})
    void secondsWithThreeDecimals(long nanos, String text) {
        assertThat(new LineBytes(12).seconds(nanos).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"0", "7", "9", "10", "99", "100", "404", "65536", "999999999", "1000000000", "2147483647", "2147483648",
            "-1", "-250", "-2147483647", "-2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808"})
    void numbersAreWrittenInDecimal(long n) {
        assertThat(new LineBytes(4).number(n).toString()).isEqualTo(Long.toString(n));
    }

    @org.junit.jupiter.api.Test
    void combinedLineCarriesEveryFieldEscaped() {
        AccessEntry e = new AccessEntry("192.0.2.7", "ex\"ample.test", "GET", "/a b\"c", "HTTP/2.0", 206, 1234,
                null, "curl/8 \u00e9", "TLSv1.3", "TLS_AES_128_GCM_SHA256", 12_345_678, "abc", "site", null);
        assertThat(AccessLog.combined(e)).matches("192\\.0\\.2\\.7 - - \\[[^]]+\\] \"GET /a b\\\\x22c HTTP/2\\.0\" 206 1234 "
                + "\"-\" \"curl/8 \\\\xe9\" \"ex\\\\x22ample\\.test\" TLSv1\\.3 TLS_AES_128_GCM_SHA256 0\\.012 abc \"-\"");
    }
}
