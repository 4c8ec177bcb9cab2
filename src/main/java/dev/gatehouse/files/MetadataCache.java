package dev.gatehouse.files;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Remembers, for a short time, what a path in the document root led to: the attributes of the file
 * it finally names (after real-path containment and the symlink policy), or that it led nowhere.
 * This is nginx's {@code open_file_cache} with {@code open_file_cache_errors on}, minus the open
 * descriptors: a hot path costs no {@code realpath}/{@code stat} system calls within the TTL, and a
 * scan of missing paths (or of missing {@code .br}/{@code .gz} siblings) costs one per TTL.
 *
 * <p>Correctness bound: an entry is used for at most {@code ttl} after it was looked up, so a file
 * created, changed or deleted on disk is seen after at most that long. The map holds at most
 * {@code maxEntries} paths (least recently used dropped first), so a scan of random paths cannot grow
 * it without bound. Thread-safe; the loader runs outside the lock (two threads may both look a path
 * up; both results are equally fresh).
 */
final class MetadataCache {

    private record Cached(BasicFileAttributes attributes, long expiresAt) {
    }

    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<Path, Cached> map;

    MetadataCache(Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
        this.map = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cached outcome for {@code path}, or {@code loader}'s (which may be null: "not there"). */
    BasicFileAttributes get(Path path, Function<Path, BasicFileAttributes> loader) {
        if (ttlNanos <= 0) {
            return loader.apply(path);
        }
        long now = clock.getAsLong();
        synchronized (this) {
            Cached e = map.get(path);
            if (e != null && now - e.expiresAt < 0) {
                return e.attributes;
            }
        }
        BasicFileAttributes attrs = loader.apply(path);
        synchronized (this) {
            map.put(path, new Cached(attrs, now + ttlNanos));
        }
        return attrs;
    }

    /**
     * The clock value until which the outcome cached for {@code path} may be used, or the current
     * time (that is: not at all) when nothing is cached. Lets a cache built on top of this one keep
     * the same staleness bound instead of adding its own TTL to it.
     */
    long validUntil(Path path) {
        long now = clock.getAsLong();
        if (ttlNanos <= 0) {
            return now;
        }
        synchronized (this) {
            Cached e = map.get(path);
            return e != null && now - e.expiresAt < 0 ? e.expiresAt : now;
        }
    }

    /** The clock this cache's times are read from. */
    long now() {
        return clock.getAsLong();
    }

    synchronized int entries() {
        return map.size();
    }
}
