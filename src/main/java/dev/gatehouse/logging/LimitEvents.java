package dev.gatehouse.logging;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every time a limit is hit, and logs it at INFO at most once per kind per interval (with the
 * number of events since the last line), so a flood cannot fill the disk with log lines.
 */
public final class LimitEvents {

    /** The limits that can be hit. */
    public enum Kind {
        MAX_CONNECTIONS("limits.max-connections"),
        MAX_CONNECTIONS_PER_IP("limits.max-connections-per-ip"),
        RATE("limits.rate.requests-per-second"),
        MAX_HEADERS("limits.max-headers"),
        MAX_HEADER_SIZE("limits.max-header-size"),
        MAX_INITIAL_LINE("limits.max-initial-line-length"),
        MAX_REQUEST_BODY("limits.max-request-body"),
        MAX_REQUESTS_PER_CONNECTION("limits.max-requests-per-connection"),
        REQUEST_HEADER_TIMEOUT("timeouts.request-header"),
        REQUEST_BODY_TIMEOUT("timeouts.request-body"),
        WRITE_TIMEOUT("timeouts.write"),
        MALFORMED_REQUEST("malformed request");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.limits");
    private static final long INTERVAL_NANOS = 10_000_000_000L;
    private static final Map<Kind, LongAdder> COUNTS = new EnumMap<>(Kind.class);
    private static final Map<Kind, AtomicLong> LAST_LOGGED = new EnumMap<>(Kind.class);
    private static final Map<Kind, AtomicLong> SINCE_LOGGED = new EnumMap<>(Kind.class);

    static {
        for (Kind k : Kind.values()) {
            COUNTS.put(k, new LongAdder());
            LAST_LOGGED.put(k, new AtomicLong(System.nanoTime() - INTERVAL_NANOS));
            SINCE_LOGGED.put(k, new AtomicLong());
        }
    }

    private LimitEvents() {
    }

    /** Records one event; {@code peer} is what the log line names (an address, never request text). */
    public static void hit(Kind kind, Object peer) {
        COUNTS.get(kind).increment();
        long suppressed = SINCE_LOGGED.get(kind).incrementAndGet();
        AtomicLong last = LAST_LOGGED.get(kind);
        long now = System.nanoTime();
        long then = last.get();
        if (now - then >= INTERVAL_NANOS && last.compareAndSet(then, now)) {
            SINCE_LOGGED.get(kind).addAndGet(-suppressed);
            LOG.info("limit {} hit by {}{}", kind.key(), peer,
                    suppressed > 1 ? " (" + (suppressed - 1) + " more since the last such line)" : "");
        }
    }

    public static long count(Kind kind) {
        return COUNTS.get(kind).sum();
    }
}
