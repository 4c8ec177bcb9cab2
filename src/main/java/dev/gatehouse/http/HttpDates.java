package dev.gatehouse.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** IMF-fixdate formatting (RFC 9110 §5.6.7), with the current second cached because every response needs it. */
public final class HttpDates {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile CachedSecond cached = new CachedSecond(-1, "");

    private record CachedSecond(long epochSecond, String text) {
    }

    private HttpDates() {
    }

    public static String now() {
        long second = System.currentTimeMillis() / 1000;
        CachedSecond c = cached;
        if (c.epochSecond != second) {
            c = new CachedSecond(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            cached = c;
        }
        return c.text;
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** Parses an IMF-fixdate; returns null for anything else (RFC 9110 says to ignore invalid dates). */
    public static Instant parse(String value) {
        try {
            return Instant.from(IMF_FIXDATE.parse(value.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
