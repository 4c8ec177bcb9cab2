package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileCacheTest {

    static final Path A = Path.of("/www/a"), B = Path.of("/www/b"), C = Path.of("/www/c");

    static byte[] bytes(int n, char fill) {
        return String.valueOf(fill).repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.US_ASCII);
        } finally {
            b.release();
        }
    }

    @Test
    void staysWithinCapacityEvictingLeastRecentlyUsed() {
        FileCache cache = new FileCache(1000, 400);
        cache.put(A, "v1", bytes(400, 'a')).release();
        cache.put(B, "v1", bytes(400, 'b')).release();
        text(cache.get(A, "v1")); // A is now the most recent
        cache.put(C, "v1", bytes(400, 'c')).release(); // 1200 > 1000: B goes
        assertThat(cache.size()).isEqualTo(800);
        assertThat(cache.entries()).isEqualTo(2);
        assertThat(cache.get(B, "v1")).isNull();
        assertThat(text(cache.get(A, "v1"))).isEqualTo("a".repeat(400));
        assertThat(text(cache.get(C, "v1"))).isEqualTo("c".repeat(400));
        for (int i = 0; i < 100; i++) {
            cache.put(Path.of("/www/f" + i), "v1", bytes(300, 'x')).release();
            assertThat(cache.size()).isLessThanOrEqualTo(1000);
        }
        assertThat(cache.entries()).isEqualTo(3);
    }

    @Test
    void aNewVersionReplacesTheOldOneAndTheOldMisses() {
        FileCache cache = new FileCache(1000, 400);
        cache.put(A, "v1", bytes(100, '1')).release();
        ByteBuf old = cache.get(A, "v1");
        cache.put(A, "v2", bytes(200, '2')).release();
        assertThat(cache.get(A, "v1")).isNull();
        assertThat(text(cache.get(A, "v2"))).isEqualTo("2".repeat(200));
        assertThat(cache.size()).isEqualTo(200);
        assertThat(cache.entries()).isEqualTo(1);
        // a response still sending the old version keeps valid bytes until it releases them
        assertThat(text(old)).isEqualTo("1".repeat(100));
    }

    @Test
    void refusesFilesAboveTheLimitAndEmptyOnes() {
        FileCache cache = new FileCache(1000, 400);
        assertThat(cache.admits(401)).isFalse();
        assertThat(cache.admits(0)).isFalse();
        assertThat(text(cache.put(A, "v1", bytes(401, 'a')))).hasSize(401); // served, not kept
        assertThat(cache.get(A, "v1")).isNull();
        assertThat(cache.size()).isZero();
        FileCache off = new FileCache(0, 400);
        assertThat(off.admits(1)).isFalse();
    }

    @Test
    void handsOutReadOnlyDuplicatesAndKeepsExactlyOneReferenceItself() {
        FileCache cache = new FileCache(1000, 400);
        ByteBuf first = cache.put(A, "v1", bytes(10, 'a'));
        ByteBuf second = cache.get(A, "v1");
        assertThat(first.isReadOnly()).isTrue();
        assertThat(first.refCnt()).isEqualTo(3); // the cache's, and one per caller
        second.readerIndex(5); // own indices: the other duplicate is unaffected
        assertThat(first.readableBytes()).isEqualTo(10);
        first.release();
        second.release();
        ByteBuf third = cache.get(A, "v1");
        assertThat(third.refCnt()).isEqualTo(2);
        // eviction drops the cache's reference; the caller's stays usable
        cache.put(B, "v1", bytes(400, 'b')).release();
        cache.put(C, "v1", bytes(400, 'c')).release();
        cache.put(Path.of("/www/d"), "v1", bytes(400, 'd')).release();
        assertThat(cache.get(A, "v1")).isNull();
        assertThat(third.refCnt()).isEqualTo(1);
        assertThat(text(third)).isEqualTo("a".repeat(10));
        assertThat(third.refCnt()).isZero();
    }
}
