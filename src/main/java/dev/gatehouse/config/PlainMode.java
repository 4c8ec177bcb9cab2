package dev.gatehouse.config;

import java.util.Locale;

/** What the plain-HTTP listener does ({@code listener.http.mode}). */
public enum PlainMode {
    /** 308 to the same URL on HTTPS; ACME HTTP-01 challenges are still served. */
    REDIRECT("redirect"),
    /** No plain listener at all. */
    OFF("off"),
    /** The site is served over plain HTTP as well (internal networks), files as zero-copy regions. */
    SERVE("serve"),
    /** RFC 2817: {@code Upgrade: TLS/1.0} gets 101 and a TLS handshake; anything else 426. */
    UPGRADE("upgrade"),
    /** RFC 2817 upgrade when asked, 308 to HTTPS otherwise. */
    UPGRADE_REDIRECT("upgrade+redirect");

    private final String key;

    PlainMode(String key) {
        this.key = key;
    }

    /** The spelling used in the configuration file. */
    public String key() {
        return key;
    }

    public boolean upgrades() {
        return this == UPGRADE || this == UPGRADE_REDIRECT;
    }

    static PlainMode parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (PlainMode mode : values()) {
            if (mode.key.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("one of redirect, off, serve, upgrade, upgrade+redirect");
    }
}
