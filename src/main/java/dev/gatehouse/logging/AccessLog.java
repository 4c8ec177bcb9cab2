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
        return combined(new StringBuilder(256), e).toString();
    }

    /** Appends the line for {@code e} to {@code sb} (no line break). */
    static StringBuilder combined(StringBuilder sb, AccessEntry e) {
        sb.append(e.remote() == null ? "-" : e.remote()).append(" - ").append(orDash(e.user())).append(" [")
                .append(date()).append("] \"");
        sb.append(escape(e.method())).append(' ').append(escape(e.target())).append(' ').append(e.protocol())
                .append("\" ").append(e.status()).append(' ');
        if (e.bytes() > 0) {
            sb.append(e.bytes());
        } else {
            sb.append('-');
        }
        sb.append(" \"").append(orDash(e.referer())).append("\" \"").append(orDash(e.userAgent())).append("\" \"")
                .append(orDash(e.host())).append("\" ").append(e.tlsProtocol() == null ? "-" : e.tlsProtocol())
                .append(' ').append(e.tlsCipher() == null ? "-" : e.tlsCipher()).append(' ');
        appendSeconds(sb, e.durationNanos()).append(' ')
                .append(e.requestId() == null ? "-" : escape(e.requestId())).append(" \"")
                .append(orDash(e.upstream())).append('"');
        if (e.upstream() != null && e.upstreamNanos() >= 0) {
            appendSeconds(sb.append(' '), e.upstreamNanos());
        }
        return sb;
    }

    /** Seconds with three decimals, without String.format (which parses its pattern on every call). */
    static String seconds(long nanos) {
        return appendSeconds(new StringBuilder(12), nanos).toString();
    }

    private static StringBuilder appendSeconds(StringBuilder sb, long nanos) {
        long millis = Math.round(nanos / 1e6);
        long frac = millis % 1000;
        return sb.append(millis / 1000).append('.').append(frac < 10 ? "00" : frac < 100 ? "0" : "").append(frac);
    }

    private static String orDash(String s) {
        return s == null ? "-" : escape(s);
    }

    public static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /**
     * @param bytes body bytes sent, or 0 for none (logged as "-")
     */
    public static void log(String remote, String method, String target, String protocol, int status, long bytes,
            String referer, String userAgent, String user) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        StringBuilder sb = new StringBuilder(160);
        sb.append(remote).append(" - ").append(user == null ? "-" : escape(user)).append(" [").append(date()).append("] \"");
        sb.append(escape(method)).append(' ').append(escape(target)).append(' ').append(protocol).append("\" ");
        sb.append(status).append(' ');
        if (bytes > 0) {
            sb.append(bytes);
        } else {
            sb.append('-');
        }
        sb.append(" \"").append(referer == null ? "-" : escape(referer)).append("\" \"")
                .append(userAgent == null ? "-" : escape(userAgent)).append('"');
        LOG.info(sb.toString());
    }

    private static String date() {
        long now = System.currentTimeMillis() / 1000;
        if (now != cachedSecond) {
            cachedDate = CLF_DATE.format(Instant.ofEpochSecond(now));
            cachedSecond = now;
        }
        return cachedDate;
    }

    /** Escapes quotes, backslashes and non-printable characters the way nginx does ({@code \xHH}). */
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
            if (plain) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (c > 0xff) {
                sb.append("\\u").append(String.format("%04x", (int) c));
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
