package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daily check, run day by day over a certificate's last 40 days and beyond. */
class ExpiryMonitorTest {

    @Test
    void warnsOnceAtThirtyFourteenAndSevenDaysThenErrorsOnceExpired() {
        Instant notAfter = Instant.parse("2030-01-31T12:00:00Z");
        X509Certificate cert = TestPki.create().leaf("example.org")
                .validBetween(notAfter.minus(Duration.ofDays(90)), notAfter).issue().certificate();
        ExpiryMonitor monitor = new ExpiryMonitor();
        List<String> log = new ArrayList<>();
        for (int day = 40; day >= -3; day--) {
            Instant now = notAfter.minus(Duration.ofDays(day)).plusSeconds(60);
            int d = day;
            monitor.check("shop", cert, now).ifPresent(n -> log.add(d + " " + n.severity() + " " + n.message()));
        }
        assertThat(log).hasSize(4);
        assertThat(log.get(0)).startsWith("30 WARN site shop: certificate CN=example.org").contains("expires in 29 day(s)");
        assertThat(log.get(1)).startsWith("14 WARN").contains("expires in 13 day(s)");
        assertThat(log.get(2)).startsWith("7 WARN").contains("expires in 6 day(s)");
        assertThat(log.get(3)).startsWith("0 ERROR").contains("EXPIRED on 2030-01-31T12:00:00Z");
    }

    @Test
    void aRenewedCertificateStartsAfresh() {
        Instant now = Instant.now();
        TestPki pki = TestPki.create();
        ExpiryMonitor monitor = new ExpiryMonitor();
        X509Certificate old = pki.leaf("a").validFor(Duration.ofDays(5)).issue().certificate();
        X509Certificate renewed = pki.leaf("a").validFor(Duration.ofDays(90)).issue().certificate();
        X509Certificate renewedSoon = pki.leaf("a").validFor(Duration.ofDays(20)).issue().certificate();
        assertThat(monitor.check("s", old, now)).isPresent();
        assertThat(monitor.check("s", old, now)).isEmpty();
        assertThat(monitor.check("s", renewed, now)).isEmpty();
        assertThat(monitor.check("s", renewedSoon, now)).isPresent();
    }
}
