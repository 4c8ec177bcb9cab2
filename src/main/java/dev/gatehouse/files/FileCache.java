package dev.gatehouse.files;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of small files, kept in memory ready to send, bounded by their total size (least
 * recently used evicted first).
 *
 * <p>One entry per path, tagged with the file version (its ETag: modification time, size, inode): a
 * lookup with another version misses, and storing a new version releases the old one at once, so a
 * changed file never occupies memory twice.
 *
 * <p>Buffers: each entry is one read-only direct buffer holding one reference. {@link #get} hands out
 * a retained duplicate (same memory, no copy, own indices) that the caller must release, normally by
 * writing it; eviction releases the cache's reference, so an evicted buffer stays valid for the
 * responses still sending it. The memory is a JDK direct {@link ByteBuffer} that the garbage
 * collector frees once no buffer refers to it, so a cache dropped on a configuration reload needs no
 * explicit close (and Netty's leak detector has nothing to report for it).
 *
 * <p>Thread-safe: the event loops of all connections of a site share it; the lock covers map
 * operations only, never file reads.
 */
final class FileCache {

    private record Entry(String version, ByteBuf content) {
    }

    private final long capacity;
    private final long maxFileSize;
    private final LinkedHashMap<Path, Entry> map = new LinkedHashMap<>(64, 0.75f, true);
    private long size;

    /**
     * @param capacity    total bytes of file contents held; 0 turns the cache off
     * @param maxFileSize larger files are never stored
     */
    FileCache(long capacity, long maxFileSize) {
        this.capacity = capacity;
        this.maxFileSize = Math.min(maxFileSize, capacity);
    }

    /** Whether a file of this length may be stored (and so is worth reading whole). */
    boolean admits(long length) {
        return length > 0 && length <= maxFileSize;
    }

    /** A retained duplicate of the contents of {@code file} at {@code version}, or null. */
    synchronized ByteBuf get(Path file, String version) {
        Entry e = map.get(file);
        if (e == null || !e.version.equals(version)) {
            return null;
        }
        return e.content.retainedDuplicate();
    }

    /**
     * Stores a copy of {@code content} as {@code file} at {@code version} (replacing any other version)
     * and returns a retained duplicate of the stored buffer for the caller to send or release; if the
     * length is not admitted, returns a plain heap buffer over {@code content}, stored nowhere.
     */
    ByteBuf put(Path file, String version, byte[] content) {
        if (!admits(content.length)) {
            return Unpooled.wrappedBuffer(content);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(content.length);
        direct.put(content).flip();
        ByteBuf stored = Unpooled.wrappedBuffer(direct.asReadOnlyBuffer());
        synchronized (this) {
            Entry old = map.put(file, new Entry(version, stored));
            size += content.length;
            if (old != null) {
                size -= old.content.readableBytes();
                old.content.release();
            }
            Iterator<Entry> it = map.values().iterator();
            while (size > capacity && it.hasNext()) {
                Entry eldest = it.next();
                size -= eldest.content.readableBytes();
                eldest.content.release();
                it.remove();
            }
            return stored.retainedDuplicate();
        }
    }

    synchronized long size() {
        return size;
    }

    synchronized int entries() {
        return map.size();
    }
}
