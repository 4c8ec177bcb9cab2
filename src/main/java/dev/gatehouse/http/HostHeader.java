package dev.gatehouse.http;

import java.util.Locale;

/**
 * A validated {@code Host} value (RFC 9110 §7.2): a registered name, IPv4 address or bracketed IPv6
 * literal, and an optional port. Anything else (userinfo, CR/LF, spaces, stray characters) is refused,
 * because the host is echoed into redirect {@code Location} headers.
 */
public record HostHeader(String host, int port) {

    /** Returns null when the value is not a valid host. */
    public static HostHeader parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 255) {
            return null;
        }
        String host;
        String portText = null;
        if (value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = value.substring(0, close + 1);
            if (!allIn(host, 1, host.length() - 1, "0123456789abcdefABCDEF:.")) {
                return null;
            }
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    return null;
                }
                portText = value.substring(close + 2);
            }
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
            portText = colon < 0 ? null : value.substring(colon + 1);
            if (host.isEmpty() || !regName(host)) {
                return null;
            }
        }
        int port = -1;
        if (portText != null) {
            if (portText.isEmpty() || portText.length() > 5 || !allIn(portText, 0, portText.length(), "0123456789")) {
                return null;
            }
            port = Integer.parseInt(portText);
            if (port > 65535) {
                return null;
            }
        }
        return new HostHeader(host.toLowerCase(Locale.ROOT), port);
    }

    /** True for {@code localhost}, {@code *.localhost} and IP literals: hosts HSTS must never pin. */
    public boolean isLocalOrIp() {
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("[")
                || ipv4(host);
    }

    // Character loops instead of String.matches: this runs for every request, and matches() compiles
    // its pattern each time.
    private static boolean allIn(String s, int from, int to, String allowed) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean regName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Four dot-separated groups of one to three digits. */
    private static boolean ipv4(String s) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.' && digits > 0) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }
}
