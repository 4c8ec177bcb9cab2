package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteCacheTest {

    @Test
    void evictsLeastRecentlyUsedToStayWithinCapacity() {
        ByteCache cache = new ByteCache(1000);
        cache.put("a", new byte[200]);
        cache.put("b", new byte[200]);
        cache.put("c", new byte[200]);
        cache.get("a"); // a is now the most recent
        cache.put("d", new byte[200]);
        cache.put("e", new byte[200]);
        cache.put("f", new byte[200]); // over 1000: evicts b (least recently used)
        assertThat(cache.size()).isLessThanOrEqualTo(1000);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("f")).isNotNull();
    }

    @Test
    void refusesAnEntryLargerThanAQuarter() {
        ByteCache cache = new ByteCache(1000);
        cache.put("big", new byte[251]);
        assertThat(cache.get("big")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void replacingAKeyKeepsTheSizeRight() {
        ByteCache cache = new ByteCache(1000);
        cache.put("a", new byte[100]);
        cache.put("a", new byte[50]);
        assertThat(cache.size()).isEqualTo(50);
        assertThat(cache.entries()).isEqualTo(1);
    }
}
