package dev.gatehouse.logging;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one Combined Log Format line per response to the logger {@code gatehouse.access}
 * ({@code conf/logback.xml} routes it to its own, asynchronously written file). Request text is
 * escaped so that a client cannot forge log lines.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("gatehouse.access");
    private static final DateTimeFormatter CLF_DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneId.systemDefault());

    private static volatile long cachedSecond = -1;
    private static volatile String cachedDate = "";

    private AccessLog() {
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
