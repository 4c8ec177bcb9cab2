package dev.gatehouse.server;

import dev.gatehouse.metrics.MetricsExporter;
import io.netty.handler.ssl.OpenSslSessionContext;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/** The running server's side of {@code /metrics}: read at scrape time from the current state. */
final class ServerGauges implements MetricsExporter.Gauges {

    private final Supplier<ServerState> state;
    private final ConnectionTracker tracker;

    ServerGauges(Supplier<ServerState> state, ConnectionTracker tracker) {
        this.state = state;
        this.tracker = tracker;
    }

    @Override
    public int openConnections() {
        return tracker.open();
    }

    @Override
    public boolean draining() {
        return tracker.draining();
    }

    @Override
    public void certificates(MetricsExporter.CertificateSink sink) {
        for (Site site : state.get().sites()) {
            X509Certificate leaf = site.tls().material().leaf();
            sink.certificate(site.config().id(), leaf.getSerialNumber().toString(16),
                    leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().getTime() / 1000);
        }
    }

    @Override
    public long sessionResumptions() {
        long total = 0;
        boolean counted = false;
        for (Site site : state.get().sites()) {
            // BoringSSL keeps the count (tickets and cache hits); the JDK engine has no such counter.
            if (site.tls().context().sessionContext() instanceof OpenSslSessionContext openssl) {
                total += openssl.stats().hits();
                counted = true;
            }
        }
        return counted ? total : -1;
    }
}
