package dev.gatehouse.config;

/**
 * One listening socket. {@code address} null means all interfaces. {@code port} 0 asks the OS for a
 * free port (tests).
 */
public record ListenerConfig(String address, int port) {

    public String display() {
        return (address == null ? "*" : address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
