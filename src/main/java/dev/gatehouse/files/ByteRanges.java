package dev.gatehouse.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Range} header (RFC 9110 §14.1.2, §14.2) against a representation of known length. Pure
 * logic.
 *
 * <p>Decisions: a syntactically invalid header, an unknown unit, or a range with first &gt; last is
 * ignored (200 with the whole representation), as §14.2 allows. Unsatisfiable ranges are dropped; if
 * none is left, 416. Abuse guard (§14.2 "MAY ignore or reject"): more than {@code maxRanges} ranges,
 * or ranges whose lengths add up to more than the representation (overlapping or repeated), are
 * ignored and the whole representation is sent: never more bytes than a plain GET would cost. nginx
 * and Go's net/http make the same choice.
 */
public final class ByteRanges {

    /** An inclusive byte range, already clamped to the representation. */
    public record Range(long first, long last) {
        public long length() {
            return last - first + 1;
        }

        /** The Content-Range value for this range of a representation of {@code total} bytes. */
        public String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** The outcome of looking at a Range header. */
    public sealed interface Result {
    }

    /** Serve the whole representation with 200 (no header, or one we ignore). */
    public record Ignore(String why) implements Result {
    }

    /** 206 with these ranges, in the order asked. */
    public record Satisfiable(List<Range> ranges) implements Result {
    }

    /** 416 with {@code Content-Range: bytes *}{@code /length}. */
    public record Unsatisfiable() implements Result {
    }

    private static final long UNBOUNDED = Long.MAX_VALUE;

    private ByteRanges() {
    }

    public static Result parse(String header, long length, int maxRanges) {
        if (header == null) {
            return new Ignore("no Range header");
        }
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Ignore("not a bytes range");
        }
        List<Range> satisfiable = new ArrayList<>();
        int specs = 0;
        for (String raw : h.substring(eq + 1).split(",", -1)) {
            String spec = raw.trim();
            if (spec.isEmpty()) {
                continue; // the list syntax allows empty elements (§5.6.1)
            }
            if (++specs > maxRanges) {
                return new Ignore("more than " + maxRanges + " ranges");
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Ignore("malformed range");
            }
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                // suffix-range: the last N bytes
                long suffix = digits(b);
                if (suffix < 0) {
                    return new Ignore("malformed suffix range");
                }
                if (suffix > 0 && length > 0) {
                    satisfiable.add(new Range(Math.max(0, length - suffix), length - 1));
                }
                continue;
            }
            long first = digits(a);
            long last = b.isEmpty() ? UNBOUNDED : digits(b);
            if (first < 0 || last < 0 || first > last) {
                return new Ignore("malformed range");
            }
            if (first < length) {
                satisfiable.add(new Range(first, Math.min(last, length - 1)));
            }
        }
        if (specs == 0) {
            return new Ignore("empty range set");
        }
        if (satisfiable.isEmpty()) {
            return new Unsatisfiable();
        }
        long sum = 0;
        for (Range r : satisfiable) {
            sum += r.length(); // no overflow: each range is at most length bytes, at most maxRanges of them
            if (sum > length) {
                return new Ignore("ranges add up to more than the representation");
            }
        }
        return new Satisfiable(List.copyOf(satisfiable));
    }

    /** A non-negative decimal, saturating at Long.MAX_VALUE; -1 if not all digits or empty. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                v = Long.MAX_VALUE;
            } else if (v != Long.MAX_VALUE) {
                v = v * 10 + (c - '0');
            }
        }
        return v;
    }
}
