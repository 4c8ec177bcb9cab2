package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range parsing against RFC 9110 §14.1.2's examples (a 10000-byte representation) and the abuse guard. */
class ByteRangesTest {

    /**
     * @param expected "ignore", "416", or the satisfiable ranges as "first-last first-last ..."
     */
    @ParameterizedTest(name = "[{index}] {0} of {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            # RFC 9110 §14.1.2 examples
            bytes=0-499                   | 10000 | 0-499
            bytes=500-999                 | 10000 | 500-999
            bytes=-500                    | 10000 | 9500-9999
            bytes=9500-                   | 10000 | 9500-9999
            bytes=0-0,-1                  | 10000 | 0-0 9999-9999
            bytes= 0-999, 4500-5499, -1000| 10000 | 0-999 4500-5499 9000-9999
            bytes=500-600,601-999         | 10000 | 500-600 601-999
            bytes=500-700,601-999         | 10000 | 500-700 601-999
            # clamping, case, whitespace, empty list elements
            bytes=0-99999                 | 10000 | 0-9999
            BYTES=0-1                     | 10000 | 0-1
            bytes=,0-1,                   | 10000 | 0-1
            bytes=-20000                  | 10000 | 0-9999
            bytes=0-                      | 1     | 0-0
            bytes=0-99999999999999999999  | 10000 | 0-9999
            # unsatisfiable: first-pos at or past the end, zero suffix, empty file
            bytes=10000-                  | 10000 | 416
            bytes=10000-20000             | 10000 | 416
            bytes=-0                      | 10000 | 416
            bytes=0-                      | 0     | 416
            bytes=-1                      | 0     | 416
            bytes=99999999999999999999-   | 10000 | 416
            # one unsatisfiable range among satisfiable ones is dropped
            bytes=20000-,0-1              | 10000 | 0-1
            # ignored: no header, other units, malformed specs
            NULL                          | 10000 | ignore
            items=0-1                     | 10000 | ignore
            bytes 0-1                     | 10000 | ignore
            bytes=                        | 10000 | ignore
            bytes=,                       | 10000 | ignore
            bytes=1-0                     | 10000 | ignore
            bytes=a-b                     | 10000 | ignore
            bytes=0-1,x                   | 10000 | ignore
            bytes=--1                     | 10000 | ignore
            bytes=0x10-20                 | 10000 | ignore
            bytes=+1-2                    | 10000 | ignore
            # abuse: overlapping / repeated ranges adding up to more than the file
            bytes=0-9999,0-9999           | 10000 | ignore
            bytes=0-,-1                   | 10000 | ignore
            bytes=5000-,0-5000            | 10000 | ignore
            """)
    void parses(String header, long length, String expected) {
        ByteRanges.Result r = ByteRanges.parse(header, length, 16);
        assertThat(describe(r)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} ranges with max-ranges {1} -> {2}")
    @CsvSource({"16, 16, 16", "17, 16, ignore", "2, 1, ignore", "1, 1, 1"})
    void maxRangesGuard(int count, int max, String expected) {
        StringBuilder h = new StringBuilder("bytes=");
        for (int i = 0; i < count; i++) {
            h.append(i == 0 ? "" : ",").append(i * 10).append('-').append(i * 10 + 1);
        }
        ByteRanges.Result r = ByteRanges.parse(h.toString(), 10000, max);
        String got = r instanceof ByteRanges.Satisfiable s ? String.valueOf(s.ranges().size()) : describe(r);
        assertThat(got).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 499, 10000, bytes 0-499/10000", "9999, 9999, 10000, bytes 9999-9999/10000"})
    void contentRange(long first, long last, long total, String expected) {
        assertThat(new ByteRanges.Range(first, last).contentRange(total)).isEqualTo(expected);
    }

    private static String describe(ByteRanges.Result r) {
        if (r instanceof ByteRanges.Ignore) {
            return "ignore";
        }
        if (r instanceof ByteRanges.Unsatisfiable) {
            return "416";
        }
        List<String> parts = new ArrayList<>();
        for (ByteRanges.Range range : ((ByteRanges.Satisfiable) r).ranges()) {
            parts.add(range.first() + "-" + range.last());
        }
        return String.join(" ", parts);
    }
}
