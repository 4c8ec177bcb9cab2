package dev.gatehouse.config;

import java.time.Duration;

/**
 * One listening socket. {@code address} null means all interfaces. {@code port} 0 asks the OS for a
 * free port (tests).
 *
 * @param deferAccept {@code listener.*.defer-accept}: how long the kernel keeps a new connection to
 *     itself until the client sends its first bytes ({@code TCP_DEFER_ACCEPT}); zero is off
 */
public record ListenerConfig(String address, int port, Duration deferAccept) {

    /**
     * Clients speak first on both ports (a TLS ClientHello, an HTTP request), so a connection is handed
     * over with its first bytes: one wake-up of the event loop per connection fewer. Apache httpd does
     * this by default on Linux ({@code AcceptFilter ... data}); nginx offers it as {@code listen ... deferred}.
     */
    public static final Duration DEFAULT_DEFER_ACCEPT = Duration.ofSeconds(10);
    /** Longer only keeps silent connections half-open in the kernel for nothing. */
    public static final Duration MAX_DEFER_ACCEPT = Duration.ofSeconds(60);

    public String display() {
        return (address == null ? "*" : address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
