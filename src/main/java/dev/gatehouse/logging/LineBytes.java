package dev.gatehouse.logging;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Access-log text built as bytes: Combined lines are formatted straight into it (everything a client
 * sent is escaped to ASCII on the way in), and a batch of lines goes to the file as these bytes. Why
 * not a StringBuilder: the batch then became a String, was scanned and copied again to UTF-8 on the
 * writer thread and copied once more to add the line feed; on a busy single core the access log was
 * about a fifth of a small HTTP/2 request's cost (W2 profile, issue 9), most of it copying characters.
 */
final class LineBytes {

    private byte[] buf;
    private int len;

    LineBytes(int capacity) {
        buf = new byte[capacity];
    }

    int length() {
        return len;
    }

    void clear() {
        len = 0;
    }

    /** The bytes written so far, in an array of their own. */
    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The text (ASCII for Combined lines, UTF-8 for JSON ones). */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    LineBytes ch(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /**
     * Text the server made itself (addresses, dates, protocol and cipher names), known to be ASCII.
     * One bulk copy of the String's bytes.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the Latin-1 copy wanted here
    LineBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
        return this;
    }

    /** {@link #escaped} or {@code -} for null. */
    LineBytes orDash(String s) {
        return s == null ? ch('-') : escaped(s);
    }

    /**
     * Text a client sent: quotes, backslashes and anything outside printable ASCII become {@code \xHH}
     * (as nginx writes them), characters beyond Latin-1 {@code \\uHHHH}, so no value can end the
     * field or the line early.
     */
    LineBytes escaped(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int at = len;
        // One pass that copies while it checks: nearly every value is plain.
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!plain(c)) {
                len = at + i;
                return escapedFrom(s, i);
            }
            b[at + i] = (byte) c;
        }
        len = at + n;
        return this;
    }

    private LineBytes escapedFrom(String s, int from) {
        int n = s.length();
        ensure(n - from + 16);
        for (int k = from; k < n; k++) {
            char c = s.charAt(k);
            if (plain(c)) {
                ch(c);
            } else if (c > 0xff) {
                ch('\\').ch('u').hex(c >> 12).hex(c >> 8).hex(c >> 4).hex(c);
            } else {
                ch('\\').ch('x').hex(c >> 4).hex(c);
            }
        }
        return this;
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    private LineBytes hex(int nibble) {
        return ch(Character.forDigit(nibble & 0xf, 16));
    }

    LineBytes number(long v) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            return number((int) v);
        }
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return ascii("-9223372036854775808");
            }
            ch('-');
            v = -v;
            if (v <= Integer.MAX_VALUE) {
                return number((int) v);
            }
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        len += digits;
        // Written from the last digit back, so nothing needs reversing.
        for (int i = len - 1; i >= len - digits; i--) {
            long q = v / 10;
            buf[i] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        return this;
    }

    /**
     * A non-negative int: what every status, most byte counts and durations are. In int arithmetic,
     * which the JIT turns into multiplications; the long divisions of the general case were about 2 %
     * of a small HTTP/2 request's cost (W2 profile, access log on).
     */
    private LineBytes number(int v) {
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5
                : v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
        ensure(digits);
        len += digits;
        for (int i = len - 1; i >= len - digits; i--) {
            int q = v / 10;
            buf[i] = (byte) ('0' + (v - q * 10));
            v = q;
        }
        return this;
    }

    /** Seconds with three decimals, rounded to the millisecond: {@code 0.012}. */
    LineBytes seconds(long nanos) {
        long millis = nanos >= 0 && nanos < Long.MAX_VALUE / 2 ? (nanos + 500_000) / 1_000_000
                : Math.round(nanos / 1e6);
        if (millis >= 0 && millis < 1000) {
            // Nearly every request: 0.ddd, written straight.
            int m = (int) millis;
            ensure(5);
            buf[len] = '0';
            buf[len + 1] = '.';
            buf[len + 2] = (byte) ('0' + m / 100);
            buf[len + 3] = (byte) ('0' + m / 10 % 10);
            buf[len + 4] = (byte) ('0' + m % 10);
            len += 5;
            return this;
        }
        long frac = millis % 1000;
        number(millis / 1000).ch('.');
        if (frac < 100) {
            ch('0');
        }
        if (frac < 10) {
            ch('0');
        }
        return number(frac);
    }

    /** Any text, as UTF-8 (JSON lines). */
    LineBytes utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
