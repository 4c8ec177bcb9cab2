package dev.gatehouse.http;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** IMF-fixdate formatting (RFC 9110 §5.6.7), with the current second cached because every response needs it. */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** rfc850-date, e.g. {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years read as 1970-2069. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendPattern(" HH:mm:ss 'GMT'")
            .toFormatter(Locale.US).withZone(ZoneOffset.UTC);

    /** asctime-date, e.g. {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile CachedSecond cached = new CachedSecond(-1, "", AsciiString.EMPTY_STRING);

    /**
     * A formatted second; {@code ascii} is the same text as bytes for the Date of response heads
     * ({@link #now()}'s entry only: the Last-Modified table does not need it).
     */
    private record CachedSecond(long epochSecond, String text, AsciiString ascii) {
    }

    private HttpDates() {
    }

    public static String now() {
        return current().text;
    }

    private static CachedSecond current() {
        long second = System.currentTimeMillis() / 1000;
        CachedSecond c = cached;
        if (c.epochSecond != second) {
            String text = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
            c = new CachedSecond(second, text, new AsciiString(text));
            cached = c;
        }
        return c;
    }

    /**
     * {@link #now()} as an {@link AsciiString}, one instance per second: a response's Date field is
     * then copied to the wire as bytes, and HTTP/2's header compression hashes it once per second
     * instead of once per response (AsciiString caches its hash; a String's is recomputed there).
     */
    public static AsciiString nowAscii() {
        return current().ascii;
    }

    /**
     * Last-Modified values: a file's second is formatted once and kept in a small direct-mapped
     * table (a hot file's date was formatted on every response, several percent of a busy core).
     * Entries are immutable records, so a racing reader sees either the old or the new one, whole.
     */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        int slot = (int) (second ^ (second >>> 17)) & (FORMATTED.length - 1);
        CachedSecond c = FORMATTED[slot];
        if (c != null && c.epochSecond == second) {
            return c.text;
        }
        String text = IMF_FIXDATE.format(Instant.ofEpochSecond(second));
        FORMATTED[slot] = new CachedSecond(second, text, null);
        return text;
    }

    private static final CachedSecond[] FORMATTED = new CachedSecond[1024];

    /**
     * Parses an HTTP-date: IMF-fixdate, or one of the two obsolete forms recipients must still accept
     * (RFC 9110 §5.6.7: rfc850-date and asctime-date). Returns null for anything else, because the
     * RFC says an invalid date in a precondition is ignored.
     */
    public static Instant parse(String value) {
        String v = value.trim();
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME}) {
            try {
                return Instant.from(f.parse(v));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }
}
