package dev.gatehouse.logging;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * {@code log.access-format=json}: one JSON object per line. The field names are a stable interface
 * (docs/operations.md lists them); new fields may be added, none renamed or removed.
 */
final class JsonAccessLine {

    private JsonAccessLine() {
    }

    static String of(AccessEntry e, Instant time) {
        Json j = new Json(384);
        j.field("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        j.field("remote", e.remote());
        j.field("host", e.host());
        j.field("method", e.method());
        j.field("target", e.target());
        j.field("protocol", e.protocol());
        j.field("status", e.status());
        j.field("bytes", e.bytes());
        j.field("duration_ms", Math.round(e.durationNanos() / 1e4) / 100.0);
        j.field("tls_protocol", e.tlsProtocol());
        j.field("tls_cipher", e.tlsCipher());
        j.field("request_id", e.requestId());
        j.field("referer", e.referer());
        j.field("user_agent", e.userAgent());
        j.field("site", e.site());
        j.field("upstream", e.upstream());
        // upstream_ms only on proxied requests, so that the fixed set of fields stays stable.
        if (e.upstream() != null && e.upstreamNanos() >= 0) {
            j.field("upstream_ms", Math.round(e.upstreamNanos() / 1e4) / 100.0);
        }
        j.field("user", e.user());
        return j.end();
    }
}
