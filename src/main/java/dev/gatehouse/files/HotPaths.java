package dev.gatehouse.files;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Raw request paths that recently led to a regular file, with what serving that file needs and never
 * changes while the file does not: the lookup and the file's {@link FileFacts} (content type,
 * validators, the headers of its cache rules). A hit skips decoding the path, resolving it under the root and working out
 * content type, ETag and Last-Modified again: on a busy core those cost more than a cached small
 * file's whole reply.
 *
 * <p>Never staler than the metadata cache underneath: an entry is used only until the metadata entry
 * it was built from expires ({@code static.metadata-cache-ttl}); with that TTL at zero nothing is
 * kept. Only paths that found a file are kept, so scans of missing paths do not fill it; past
 * {@link #MAX_ENTRIES} it is emptied and refills with what is hot. Thread-safe (all event loops of a
 * site share it); a racing miss only builds the same entry twice.
 */
final class HotPaths {

    static final int MAX_ENTRIES = 4096;

    /** One path's cached outcome; {@code validUntil} is on {@link DocRoot#now()}'s clock. */
    record Hot(DocRoot.Found found, FileFacts facts, long validUntil) {
    }

    private final ConcurrentHashMap<String, Hot> map = new ConcurrentHashMap<>();
    private final DocRoot docRoot;

    HotPaths(DocRoot docRoot) {
        this.docRoot = docRoot;
    }

    /** The live entry for {@code rawPath}, or null. */
    Hot get(String rawPath) {
        Hot hot = map.get(rawPath);
        if (hot == null) {
            return null;
        }
        if (docRoot.now() - hot.validUntil >= 0) {
            map.remove(rawPath, hot);
            return null;
        }
        return hot;
    }

    /** Remembers a file lookup for as long as its metadata may be reused (possibly not at all). */
    void put(String rawPath, DocRoot.Found found, FileFacts facts) {
        long validUntil = docRoot.validUntil(found.file());
        if (validUntil - docRoot.now() <= 0) {
            return;
        }
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        map.put(rawPath, new Hot(found, facts, validUntil));
    }

    int size() {
        return map.size();
    }
}
