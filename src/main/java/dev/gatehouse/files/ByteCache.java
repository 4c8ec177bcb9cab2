package dev.gatehouse.files;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used map of byte arrays bounded by their total size. Keys include the file
 * version (its ETag), so a changed file simply misses and its old entry ages out. Thread-safe: event
 * loops of all connections share it; the lock is held only for map operations, never while reading
 * or compressing a file.
 */
final class ByteCache {

    private final long capacity;
    private final LinkedHashMap<String, byte[]> map = new LinkedHashMap<>(64, 0.75f, true);
    private long size;

    ByteCache(long capacity) {
        this.capacity = capacity;
    }

    synchronized byte[] get(String key) {
        return map.get(key);
    }

    /** Stores unless the value alone exceeds a quarter of the capacity (one file must not flush all). */
    synchronized void put(String key, byte[] value) {
        if (value.length > capacity / 4) {
            return;
        }
        byte[] old = map.put(key, value);
        size += value.length - (old == null ? 0 : old.length);
        Iterator<Map.Entry<String, byte[]>> it = map.entrySet().iterator();
        while (size > capacity && it.hasNext()) {
            Map.Entry<String, byte[]> eldest = it.next();
            size -= eldest.getValue().length;
            it.remove();
        }
    }

    synchronized long size() {
        return size;
    }

    synchronized int entries() {
        return map.size();
    }
}
