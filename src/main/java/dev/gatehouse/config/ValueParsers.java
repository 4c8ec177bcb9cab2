package dev.gatehouse.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for configuration values. Each throws {@link IllegalArgumentException} whose message is the
 * "expected: ..." part of the error; {@link ConfigReader} adds the file, key and value.
 */
public final class ValueParsers {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB|k|K|m|M|g|G)");

    private ValueParsers() {
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 7d}; a unit is required. */
    public static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a duration with a unit, e.g. 10s, 500ms, 5m, 1h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** {@code 512B}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB} (KB/MB/GB and k/m/g mean the same, as in nginx). */
    public static long size(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a size with a unit, e.g. 512B, 64KiB, 16MiB");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT).charAt(0)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Math.multiplyExact(n, unit);
    }

    public static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("true or false");
        };
    }

    /** A TCP port; 0 asks the OS for a free one (used by tests). */
    public static int port(String value) {
        int port = integer(value, 0, 65535);
        return port;
    }

    public static int integer(String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an integer from " + min + " to " + max);
        }
    }

    /** Comma- or space-separated list; empty items dropped. */
    public static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    public static <E extends Enum<E>> E enumValue(String value, Class<E> type) {
        String wanted = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("one of " + String.join(", ", names));
    }
}
