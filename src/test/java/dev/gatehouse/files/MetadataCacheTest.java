package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicInteger loads = new AtomicInteger();

    Function<Path, BasicFileAttributes> loader(BasicFileAttributes result) {
        return p -> {
            loads.incrementAndGet();
            return result;
        };
    }

    @Test
    void reusesAnOutcomeForTheTtlOnlyIncludingAbsence() {
        MetadataCache cache = new MetadataCache(Duration.ofSeconds(1), 100, now::get);
        BasicFileAttributes attrs = new Attrs(5);
        Path p = Path.of("/www/a");
        assertThat(cache.get(p, loader(attrs))).isSameAs(attrs);
        now.addAndGet(999_000_000L);
        assertThat(cache.get(p, loader(null))).isSameAs(attrs); // still within the TTL
        assertThat(loads).hasValue(1);
        now.addAndGet(1_000_000L);
        assertThat(cache.get(p, loader(null))).isNull(); // expired: looked up again, now gone
        assertThat(cache.get(p, loader(attrs))).isNull(); // and the absence is remembered
        assertThat(loads).hasValue(2);
    }

    @Test
    void zeroTtlAlwaysLooksAgain() {
        MetadataCache cache = new MetadataCache(Duration.ZERO, 100, now::get);
        Path p = Path.of("/www/a");
        cache.get(p, loader(null));
        cache.get(p, loader(null));
        assertThat(loads).hasValue(2);
        assertThat(cache.entries()).isZero();
    }

    @Test
    void holdsAtMostMaxEntries() {
        MetadataCache cache = new MetadataCache(Duration.ofHours(1), 100, now::get);
        for (int i = 0; i < 1000; i++) {
            cache.get(Path.of("/www/missing-" + i), loader(null));
        }
        assertThat(cache.entries()).isEqualTo(100);
    }

    record Attrs(long size) implements BasicFileAttributes {
        public FileTime lastModifiedTime() {
            return FileTime.fromMillis(0);
        }

        public FileTime lastAccessTime() {
            return lastModifiedTime();
        }

        public FileTime creationTime() {
            return lastModifiedTime();
        }

        public boolean isRegularFile() {
            return true;
        }

        public boolean isDirectory() {
            return false;
        }

        public boolean isSymbolicLink() {
            return false;
        }

        public boolean isOther() {
            return false;
        }

        public Object fileKey() {
            return null;
        }
    }
}
