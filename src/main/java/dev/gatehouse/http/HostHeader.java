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
            if (!host.substring(1, host.length() - 1).matches("[0-9A-Fa-f:.]+")) {
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
            if (host.isEmpty() || !host.matches("[A-Za-z0-9._~-]+")) {
                return null;
            }
        }
        int port = -1;
        if (portText != null) {
            if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
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
                || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
