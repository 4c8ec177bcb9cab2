package dev.gatehouse.config;

import java.util.List;
import java.util.Locale;

/**
 * Server-name patterns of {@code site.<id>.server-names}: an exact host name, or {@code *.example.org},
 * which matches exactly one label in place of the star (RFC 6125 §6.4.3 as browsers apply it to
 * certificates: {@code a.example.org} yes, {@code example.org} and {@code a.b.example.org} no). Also
 * used for certificate SANs by the doctor, so that both follow the same rule.
 */
public final class ServerNames {

    private ServerNames() {
    }

    /** Lower-case LDH labels, optionally a leading {@code *.} followed by at least two labels. */
    public static boolean isValidPattern(String pattern) {
        String host = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (host.isEmpty() || host.length() > 253 || (pattern.startsWith("*.") && !host.contains("."))) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!label.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive; a trailing dot on the host (absolute name) is ignored. */
    public static boolean matches(String pattern, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String p = pattern.toLowerCase(Locale.ROOT);
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        String suffix = p.substring(1); // ".example.org"
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(suffix);
    }

    public static boolean matchesAny(List<String> patterns, String host) {
        for (String p : patterns) {
            if (matches(p, host)) {
                return true;
            }
        }
        return false;
    }
}
