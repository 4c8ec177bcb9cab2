package dev.gatehouse.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.TreeMap;

/** Renders {@link Metrics} plus the server's gauges ({@link Gauges}) and the JVM's as Prometheus text. */
public final class MetricsExporter {

    /** What only the running server knows, read at scrape time. */
    public interface Gauges {
        int openConnections();

        boolean draining();

        /** Calls {@code sink.certificate(site, serialHex, subject, notAfterEpochSeconds)} per served certificate. */
        void certificates(CertificateSink sink);

        /** Session resumptions since the TLS contexts were built, or -1 when the engine does not count them. */
        long sessionResumptions();
    }

    public interface CertificateSink {
        void certificate(String site, String serial, String subject, long notAfterEpochSeconds);
    }

    private MetricsExporter() {
    }

    public static String render(Metrics m, Gauges gauges) {
        PrometheusText t = new PrometheusText();
        requests(m, t);
        handshakes(m, gauges, t);
        t.family("gatehouse_open_connections", "gauge", "Client connections open now (HTTPS and plain).");
        t.sample("gatehouse_open_connections", gauges.openConnections());
        t.family("gatehouse_draining", "gauge", "1 while shutting down gracefully, else 0.");
        t.sample("gatehouse_draining", gauges.draining() ? 1 : 0);
        t.family("gatehouse_tls_certificate_not_after_seconds", "gauge",
                "Expiry (notAfter) of each served certificate, seconds since the Unix epoch.");
        gauges.certificates((site, serial, subject, notAfter) -> t.sample(
                "gatehouse_tls_certificate_not_after_seconds", notAfter, "site", site, "serial", serial,
                "subject", subject));
        t.family("gatehouse_reloads_total", "counter", "Configuration and certificate reloads by result.");
        t.sample("gatehouse_reloads_total", m.reloadSuccess.sum(), "result", "success");
        t.sample("gatehouse_reloads_total", m.reloadFailure.sum(), "result", "failure");
        t.family("gatehouse_limit_hits_total", "counter",
                "Requests or connections refused or cut by a limit or timeout, by the config key of the limit.");
        for (dev.gatehouse.logging.LimitEvents.Kind kind : dev.gatehouse.logging.LimitEvents.Kind.values()) {
            t.sample("gatehouse_limit_hits_total", dev.gatehouse.logging.LimitEvents.count(kind), "limit", kind.key());
        }
        t.family("gatehouse_proxy_protocol_refused_total", "counter",
                "Connections refused: PROXY header missing, invalid, or from an untrusted peer.");
        t.sample("gatehouse_proxy_protocol_refused_total", m.proxyRefused.sum());
        jvm(t);
        return t.toString();
    }

    private static void requests(Metrics m, PrometheusText t) {
        t.family("gatehouse_http_requests_total", "counter",
                "HTTP responses by site, method, status class and protocol.");
        Map<String, Metrics.SiteCounters> sites = new TreeMap<>(m.sites);
        sites.forEach((site, c) -> {
            for (int mi = 0; mi < Metrics.METHODS.length; mi++) {
                for (int si = 0; si < Metrics.STATUS_CLASSES.length; si++) {
                    for (int pi = 0; pi < Metrics.PROTOCOLS.length; pi++) {
                        long n = c.requests[(mi * Metrics.STATUS_CLASSES.length + si) * Metrics.PROTOCOLS.length + pi].sum();
                        if (n > 0) {
                            t.sample("gatehouse_http_requests_total", n, "site", site, "method", Metrics.METHODS[mi],
                                    "status", Metrics.STATUS_CLASSES[si], "protocol", Metrics.PROTOCOLS[pi]);
                        }
                    }
                }
            }
        });
        t.family("gatehouse_http_sent_bytes_total", "counter", "Response body bytes sent, by site.");
        sites.forEach((site, c) -> t.sample("gatehouse_http_sent_bytes_total", c.bytes.sum(), "site", site));
        t.family("gatehouse_http_request_duration_seconds", "histogram",
                "Time from the complete request head to the last response byte handed to the kernel.");
        long cumulative = 0;
        for (int i = 0; i < Metrics.BUCKETS.length; i++) {
            cumulative += m.durationBuckets[i].sum();
            t.sample("gatehouse_http_request_duration_seconds_bucket", cumulative, "le",
                    PrometheusText.number(Metrics.BUCKETS[i]));
        }
        cumulative += m.durationBuckets[Metrics.BUCKETS.length].sum();
        // +Inf equals _count; read the count first so a concurrent request cannot make +Inf < count.
        long count = Math.max(cumulative, m.durationCount.sum());
        t.sample("gatehouse_http_request_duration_seconds_bucket", count, "le", "+Inf");
        t.sample("gatehouse_http_request_duration_seconds_sum", m.durationNanos.sum() / 1e9);
        t.sample("gatehouse_http_request_duration_seconds_count", count);
    }

    private static void handshakes(Metrics m, Gauges gauges, PrometheusText t) {
        t.family("gatehouse_tls_handshakes_total", "counter",
                "TLS handshakes by protocol, cipher and result (success or the failure reason).");
        new TreeMap<>(m.handshakes).forEach((key, n) -> {
            String[] parts = key.split("\0", 3);
            t.sample("gatehouse_tls_handshakes_total", n.sum(), "protocol", parts[0], "cipher", parts[1],
                    "result", parts[2]);
        });
        long resumed = gauges.sessionResumptions();
        if (resumed >= 0) {
            t.family("gatehouse_tls_session_resumptions_total", "counter",
                    "Handshakes that resumed a session (ticket or cache), since the TLS contexts were (re)built.");
            t.sample("gatehouse_tls_session_resumptions_total", resumed);
        }
    }

    private static void jvm(PrometheusText t) {
        var memory = ManagementFactory.getMemoryMXBean();
        t.family("gatehouse_jvm_memory_bytes", "gauge", "JVM memory by area (heap, nonheap) and kind.");
        memory(t, "heap", memory.getHeapMemoryUsage());
        memory(t, "nonheap", memory.getNonHeapMemoryUsage());
        t.family("gatehouse_jvm_gc_collections_total", "counter", "Garbage collections by collector.");
        var gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (GarbageCollectorMXBean gc : gcs) {
            t.sample("gatehouse_jvm_gc_collections_total", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
        }
        t.family("gatehouse_jvm_gc_seconds_total", "counter", "Time spent in garbage collection by collector.");
        for (GarbageCollectorMXBean gc : gcs) {
            t.sample("gatehouse_jvm_gc_seconds_total", Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        t.family("gatehouse_jvm_threads", "gauge", "Live JVM threads.");
        t.sample("gatehouse_jvm_threads", ManagementFactory.getThreadMXBean().getThreadCount());
        t.family("gatehouse_process_start_time_seconds", "gauge", "Start time of the process, seconds since the epoch.");
        t.sample("gatehouse_process_start_time_seconds", ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    }

    private static void memory(PrometheusText t, String area, MemoryUsage usage) {
        t.sample("gatehouse_jvm_memory_bytes", usage.getUsed(), "area", area, "kind", "used");
        t.sample("gatehouse_jvm_memory_bytes", usage.getCommitted(), "area", area, "kind", "committed");
        if (usage.getMax() >= 0) {
            t.sample("gatehouse_jvm_memory_bytes", usage.getMax(), "area", area, "kind", "max");
        }
    }

}
