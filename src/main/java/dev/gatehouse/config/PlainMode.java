package dev.gatehouse.config;

/** What the plain-HTTP listener does ({@code listener.http.mode}). */
public enum PlainMode {
    /** 308 to the same URL on HTTPS; ACME HTTP-01 challenges are still served. */
    REDIRECT,
    /** No plain listener at all. */
    OFF
}
