package dev.gatehouse.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process-wide counters. One instance ({@link #global()}): counters are about the process, and
 * handlers reach it without being handed a reference through every constructor. Tests compare before
 * and after rather than absolute values.
 *
 * <p>Label values are bounded: methods outside a fixed set count as {@code OTHER}, statuses by class,
 * protocols and TLS cipher names come from small fixed sets, site ids from the configuration.
 */
public final class Metrics {

    static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"};
    static final String[] STATUS_CLASSES = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
    static final String[] PROTOCOLS = {"HTTP/1.0", "HTTP/1.1", "HTTP/2", "other"};
    /** Upper bounds in seconds of the request duration histogram. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** After the arrays above: the instance initializers read them. */
    private static final Metrics GLOBAL = new Metrics();

    final Map<String, SiteCounters> sites = new ConcurrentHashMap<>();
    final LongAdder[] durationBuckets = adders(BUCKETS.length + 1); // last = +Inf only
    final LongAdder durationNanos = new LongAdder();
    final LongAdder durationCount = new LongAdder();
    final Map<String, LongAdder> handshakes = new ConcurrentHashMap<>();
    final LongAdder reloadSuccess = new LongAdder();
    final LongAdder reloadFailure = new LongAdder();
    final LongAdder proxyRefused = new LongAdder();

    Metrics() {
    }

    public static Metrics global() {
        return GLOBAL;
    }

    /** Per-site request counters, indexed [method][status class][protocol]. */
    static final class SiteCounters {
        final LongAdder[] requests = adders(METHODS.length * STATUS_CLASSES.length * PROTOCOLS.length);
        final LongAdder bytes = new LongAdder();
    }

    /** One response finished (written or failed). */
    public void request(String site, String method, int status, String protocol, long bytesSent, long nanos) {
        SiteCounters c = sites.computeIfAbsent(site, s -> new SiteCounters());
        int index = (methodIndex(method) * STATUS_CLASSES.length + statusClass(status)) * PROTOCOLS.length
                + protocolIndex(protocol);
        c.requests[index].increment();
        c.bytes.add(bytesSent);
        durationBuckets[bucket(nanos)].increment();
        durationNanos.add(nanos);
        durationCount.increment();
    }

    /**
     * A TLS handshake ended.
     *
     * @param result {@code success}, or a failure reason such as {@code no_shared_cipher},
     *     {@code unknown_sni}, {@code plain_http}, {@code protocol_version}, {@code timeout}
     */
    public void handshake(String protocol, String cipher, String result) {
        String key = label(protocol) + '\0' + label(cipher) + '\0' + result;
        handshakes.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** For the reload code (certificates issue): one call per reload attempt. */
    public void reload(boolean success) {
        (success ? reloadSuccess : reloadFailure).increment();
    }

    /** A connection that sent no valid PROXY header or came from an untrusted peer was refused. */
    public void proxyRefused() {
        proxyRefused.increment();
    }

    private static String label(String s) {
        return s == null || s.isEmpty() ? "none" : s;
    }

    static int methodIndex(String method) {
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }

    static int statusClass(int status) {
        int c = status / 100;
        return c >= 1 && c <= 5 ? c : 0;
    }

    static int protocolIndex(String protocol) {
        // The server passes these exact constants: no case folding (a String.toUpperCase per request).
        if ("HTTP/1.1".equals(protocol)) {
            return 1;
        }
        if ("HTTP/2.0".equals(protocol)) {
            return 2;
        }
        String p = protocol == null ? "" : protocol.toUpperCase(Locale.ROOT);
        return switch (p) {
            case "HTTP/1.0" -> 0;
            case "HTTP/1.1" -> 1;
            case "HTTP/2", "HTTP/2.0", "H2" -> 2;
            default -> 3;
        };
    }

    static int bucket(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                return i;
            }
        }
        return BUCKETS.length;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
