package dev.gatehouse.config;

import java.util.Locale;

/**
 * {@code server.transport}: how the event loops talk to the kernel. {@code auto} picks the fastest one
 * that loads on this machine (see docs/performance.md "Transports"); naming one makes start-up fail
 * with a clear message when it cannot load, rather than silently running on another.
 */
public enum IoTransport {
    AUTO("auto"),
    EPOLL("epoll"),
    IO_URING("io_uring"),
    NIO("nio");

    private final String key;

    IoTransport(String key) {
        this.key = key;
    }

    /** The value as written in the config file. */
    public String key() {
        return key;
    }

    static IoTransport parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (IoTransport t : values()) {
            if (t.key.equals(v)) {
                return t;
            }
        }
        throw new IllegalArgumentException("auto, epoll, io_uring or nio");
    }
}
