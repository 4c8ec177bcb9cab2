package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Accept-Encoding negotiation (RFC 9110 §12.5.3), against the server order br, zstd, gzip. */
class AcceptEncodingTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                          | -
            ''                         | -
            gzip                       | gzip
            gzip, deflate, br, zstd    | br
            br;q=0.5, gzip             | gzip
            br;q=1.0, gzip;q=1         | br
            GZIP                       | gzip
            x-gzip                     | gzip
            *                          | br
            *;q=0, gzip                | gzip
            br;q=0, *                  | zstd
            identity                   | -
            gzip;q=0                   | -
            gzip;q=2                   | -
            gzip;q=0.0001              | -
            gzip;q=abc                 | -
            deflate                    | -
            gzip ; q=0.8, zstd;q=0.9   | zstd
            """)
    void chooses(String header, String expected) {
        assertThat(AcceptEncoding.choose(header, List.of("br", "zstd", "gzip"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            gzip, br                   | gzip,br | gzip
            gzip, br                   | br,gzip | br
            """)
    void tiesGoToTheServerOrder(String header, String offered, String expected) {
        assertThat(AcceptEncoding.choose(header, List.of(offered.split(",")))).isEqualTo(expected);
    }
}
