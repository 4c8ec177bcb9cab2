package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.http.HttpDates;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 9110 §13.2.2 evaluation order, table-driven. The representation has ETag "v2" and was last
 * modified at {@link #MODIFIED} (plus a fraction of a second, which the comparisons must ignore).
 */
class PreconditionsTest {

    static final EntityTag ETAG = new EntityTag("\"v2\"", false);
    static final String MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT";
    static final String EARLIER = "Sun, 06 Nov 1994 08:49:36 GMT";
    static final String LATER = "Sun, 06 Nov 1994 08:49:38 GMT";
    static final Instant LAST_MODIFIED = HttpDates.parse(MODIFIED).plusMillis(700);

    @ParameterizedTest(name = "[{index}] IM={0} IUS={1} INM={2} IMS={3} get={4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                | -       | -          | -       | true  | PROCEED
            # 1. If-Match (strong)
            "v2"             | -       | -          | -       | true  | PROCEED
            *                | -       | -          | -       | true  | PROCEED
            "v1", "v2"       | -       | -          | -       | true  | PROCEED
            "v1"             | -       | -          | -       | true  | PRECONDITION_FAILED
            W/"v2"           | -       | -          | -       | true  | PRECONDITION_FAILED
            garbage          | -       | -          | -       | true  | PRECONDITION_FAILED
            # 2. If-Unmodified-Since, ignored when If-Match is present, and when the date is invalid
            -                | EARLIER | -          | -       | true  | PRECONDITION_FAILED
            -                | MODIFIED| -          | -       | true  | PROCEED
            -                | LATER   | -          | -       | true  | PROCEED
            "v2"             | EARLIER | -          | -       | true  | PROCEED
            -                | yesterday | -        | -       | true  | PROCEED
            # 3. If-None-Match (weak): 304 for GET/HEAD, 412 otherwise
            -                | -       | "v2"       | -       | true  | NOT_MODIFIED
            -                | -       | W/"v2"     | -       | true  | NOT_MODIFIED
            -                | -       | "v1", W/"v2" | -     | true  | NOT_MODIFIED
            -                | -       | *          | -       | true  | NOT_MODIFIED
            -                | -       | "v1"       | -       | true  | PROCEED
            -                | -       | "v2"       | -       | false | PRECONDITION_FAILED
            # 1 before 3: a failed If-Match wins over a matching If-None-Match
            "v1"             | -       | "v2"       | -       | true  | PRECONDITION_FAILED
            "v2"             | -       | "v2"       | -       | true  | NOT_MODIFIED
            # 2 before 3
            -                | EARLIER | "v2"       | -       | true  | PRECONDITION_FAILED
            # 4. If-Modified-Since, only without If-None-Match, only GET/HEAD
            -                | -       | -          | MODIFIED| true  | NOT_MODIFIED
            -                | -       | -          | LATER   | true  | NOT_MODIFIED
            -                | -       | -          | EARLIER | true  | PROCEED
            -                | -       | -          | MODIFIED| false | PROCEED
            -                | -       | -          | not a date | true | PROCEED
            -                | -       | "v1"       | MODIFIED| true  | PROCEED
            -                | -       | "v2"       | EARLIER | true  | NOT_MODIFIED
            """)
    void evaluatesInOrder(String ifMatch, String ius, String inm, String ims, boolean getOrHead,
            Preconditions.Outcome expected) {
        Preconditions.Conditions c = new Preconditions.Conditions(ifMatch, date(ius), inm, date(ims));
        assertThat(Preconditions.evaluate(c, getOrHead, ETAG, LAST_MODIFIED)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] If-Range {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                                | true
            "v2"                             | true
            "v1"                             | false
            W/"v2"                           | false
            MODIFIED                         | true
            EARLIER                          | false
            LATER                            | false
            Sunday, 06-Nov-94 08:49:37 GMT   | true
            Sun Nov  6 08:49:37 1994         | true
            nonsense                         | false
            """)
    void ifRangeUsesStrongComparison(String ifRange, boolean expected) {
        assertThat(Preconditions.ifRangeHolds(date(ifRange), ETAG, LAST_MODIFIED)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "xyzzy"  | "xyzzy"  | true  | true
            "xyzzy"  | W/"xyzzy"| false | true
            W/"1"    | W/"1"    | false | true
            W/"1"    | W/"2"    | false | false
            W/"1"    | "2"      | false | false
            """)
    void rfcComparisonTable(String a, String b, boolean strong, boolean weak) {
        // RFC 9110 §8.8.3.2, the example table
        EntityTag x = EntityTag.parse(a);
        EntityTag y = EntityTag.parse(b);
        assertThat(x.strongMatch(y)).isEqualTo(strong);
        assertThat(x.weakMatch(y)).isEqualTo(weak);
    }

    private static String date(String v) {
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "MODIFIED" -> MODIFIED;
            case "EARLIER" -> EARLIER;
            case "LATER" -> LATER;
            default -> v;
        };
    }
}
