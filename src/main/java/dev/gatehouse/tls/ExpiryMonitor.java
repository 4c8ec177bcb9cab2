package dev.gatehouse.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what the daily expiry check says about one certificate: a WARN when it comes within 30, 14
 * and 7 days of expiry (once per threshold), an ERROR once it has expired (once). Pure; the clock is a
 * parameter and the caller logs. Remembers per site and serial, so a renewed certificate starts afresh.
 */
public final class ExpiryMonitor {

    public static final List<Integer> WARN_DAYS = List.of(30, 14, 7);

    /** What to log. */
    public record Notice(CertificateFinding.Severity severity, String message) {
    }

    private final Map<String, Integer> lastLevel = new HashMap<>();

    public synchronized Optional<Notice> check(String siteId, X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        String key = siteId + "/" + certificate.getSerialNumber().toString(16);
        String name = "site " + siteId + ": certificate " + Certificates.name(certificate) + " (serial "
                + certificate.getSerialNumber().toString(16) + ")";
        if (!now.isBefore(notAfter)) {
            if (Integer.valueOf(0).equals(lastLevel.put(key, 0))) {
                return Optional.empty();
            }
            return Optional.of(new Notice(CertificateFinding.Severity.ERROR, name + " EXPIRED on " + notAfter
                    + "; clients refuse it. Renew it; the new files are picked up without a restart"));
        }
        long daysLeft = Duration.between(now, notAfter).toDays();
        Integer level = null;
        for (int threshold : WARN_DAYS) {
            if (daysLeft < threshold) {
                level = threshold;
            }
        }
        if (level == null) {
            return Optional.empty();
        }
        Integer previous = lastLevel.get(key);
        if (previous != null && previous <= level) {
            return Optional.empty();
        }
        lastLevel.put(key, level);
        return Optional.of(new Notice(CertificateFinding.Severity.WARN, name + " expires in " + daysLeft
                + " day(s), on " + notAfter + "; renew it (the new files are picked up without a restart)"));
    }
}
