package dev.gatehouse.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per client address ({@code limits.rate.*}). Memory is bounded: at most
 * {@code maxClients} buckets; when full, buckets that have refilled completely carry no information
 * and are dropped; if it is still full the new client is let through unlimited (counted), because
 * refusing honest clients is worse than under-limiting a very wide flood, which connection limits and
 * the firewall must handle.
 */
final class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final int maxClients;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst, int maxClients, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxClients = maxClients;
        this.nanoTime = nanoTime;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** @return 0 if the request may proceed, else the seconds the client should wait (Retry-After) */
    long acquire(InetAddress client) {
        if (!enabled() || client == null) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= maxClients) {
                sweep(now);
                if (buckets.size() >= maxClients) {
                    return 0;
                }
            }
            bucket = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        }
        return bucket.take(now, perSecond, burst);
    }

    int trackedClients() {
        return buckets.size();
    }

    private void sweep(long now) {
        buckets.entrySet().removeIf(e -> e.getValue().fullAt(now, perSecond, burst));
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now, double perSecond, int burst) {
            refill(now, perSecond, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized boolean fullAt(long now, double perSecond, int burst) {
            refill(now, perSecond, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perSecond, int burst) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
            updated = now;
        }
    }
}
