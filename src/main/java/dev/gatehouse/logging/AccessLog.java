package dev.gatehouse.logging;

import dev.gatehouse.config.OpsConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per response to the logger {@code gatehouse.access} ({@code conf/logback.xml} routes
 * it to its own, asynchronously written file): Combined Log Format plus Gatehouse fields, or one JSON
 * object ({@code log.access-format}; both documented in docs/operations.md). Request text is escaped
 * so that a client cannot forge log lines.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.access");
    private static final DateTimeFormatter CLF_DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneId.systemDefault());

    private static volatile OpsConfig.AccessLogFormat format = OpsConfig.AccessLogFormat.COMBINED;
    private static volatile long cachedSecond = -1;
    private static volatile String cachedDate = "";

    private AccessLog() {
    }

    /** {@code log.access-format}; set by the server at start and on reload. */
    public static void format(OpsConfig.AccessLogFormat f) {
        format = f;
    }

    public static void log(AccessEntry e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        if (format == OpsConfig.AccessLogFormat.JSON) {
            AccessLogBatches.add(LOG, JsonAccessLine.of(e, Instant.now()));
        } else {
            AccessLogBatches.add(LOG, e); // formatted straight into the batch
        }
    }

    /** {@code log.access-flush}: 0 writes each line at once; set at start and on reload. */
    public static void flushInterval(java.time.Duration interval) {
        AccessLogBatches.flushInterval(interval.toMillis());
    }

    /** Writes all batched lines now; before Logback stops and whenever a test needs the lines. */
    public static void flush() {
        AccessLogBatches.flushAll(LOG);
    }

    /**
     * Combined Log Format, then {@code "host" tls_protocol tls_cipher duration_seconds request_id
     * "upstream"}, as nginx operators extend it; tools reading CLF ignore what follows. Proxied requests
     * add the upstream's time in seconds after it (nginx's {@code $upstream_response_time}); the user
     * that basic authentication let in takes CLF's user field.
     */
    static String combined(AccessEntry e) {
        return combined(new LineBytes(256), e).toString();
    }

    /** Appends the line for {@code e} (no line break). */
    static LineBytes combined(LineBytes b, AccessEntry e) {
        b.orDash(e.remote()).ascii(" - ").orDash(e.user()).ascii(" [").ascii(date())
                .ascii("] \"").escaped(e.method()).ch(' ').escaped(e.target()).ch(' ').ascii(e.protocol())
                .ascii("\" ").number(e.status()).ch(' ');
        if (e.bytes() > 0) {
            b.number(e.bytes());
        } else {
            b.ch('-');
        }
        b.ascii(" \"").orDash(e.referer()).ascii("\" \"").orDash(e.userAgent()).ascii("\" \"").orDash(e.host())
                .ascii("\" ").ascii(e.tlsProtocol() == null ? "-" : e.tlsProtocol()).ch(' ')
                .ascii(e.tlsCipher() == null ? "-" : e.tlsCipher()).ch(' ').seconds(e.durationNanos()).ch(' ')
                .orDash(e.requestId()).ascii(" \"").orDash(e.upstream()).ch('"');
        if (e.upstream() != null && e.upstreamNanos() >= 0) {
            b.ch(' ').seconds(e.upstreamNanos());
        }
        return b;
    }

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    private static String date() {
        long now = System.currentTimeMillis() / 1000;
        if (now != cachedSecond) {
            cachedDate = CLF_DATE.format(Instant.ofEpochSecond(now));
            cachedSecond = now;
        }
        return cachedDate;
    }
}
