package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void burstThenRate() throws Exception {
        RateLimiter limiter = new RateLimiter(2, 3, 100, now::get);
        assertThat(limiter.acquire(ip(1))).isZero();
        assertThat(limiter.acquire(ip(1))).isZero();
        assertThat(limiter.acquire(ip(1))).isZero();
        assertThat(limiter.acquire(ip(1))).isEqualTo(1);   // bucket empty: wait about a second
        now.addAndGet(500_000_000L);                        // half a second = one token at 2/s
        assertThat(limiter.acquire(ip(1))).isZero();
        assertThat(limiter.acquire(ip(1))).isPositive();
    }

    @Test
    void clientsHaveTheirOwnBuckets() throws Exception {
        RateLimiter limiter = new RateLimiter(1, 1, 100, now::get);
        assertThat(limiter.acquire(ip(1))).isZero();
        assertThat(limiter.acquire(ip(1))).isPositive();
        assertThat(limiter.acquire(ip(2))).isZero();
    }

    @Test
    void slowRatesAskForLongerWaits() throws Exception {
        RateLimiter limiter = new RateLimiter(0.1, 1, 100, now::get);
        assertThat(limiter.acquire(ip(1))).isZero();
        assertThat(limiter.acquire(ip(1))).isEqualTo(10);
    }

    @Test
    void memoryIsBoundedAndRefilledBucketsAreForgotten() throws Exception {
        RateLimiter limiter = new RateLimiter(10, 1, 3, now::get);
        for (int i = 1; i <= 3; i++) {
            limiter.acquire(ip(i));
        }
        assertThat(limiter.trackedClients()).isEqualTo(3);
        // Table full and nothing refilled yet: a new client passes untracked.
        assertThat(limiter.acquire(ip(4))).isZero();
        assertThat(limiter.trackedClients()).isEqualTo(3);
        now.addAndGet(1_000_000_000L);
        limiter.acquire(ip(5));
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void offMeansOff() throws Exception {
        RateLimiter limiter = new RateLimiter(0, 1, 3, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire(ip(1))).isZero();
        }
    }
}
