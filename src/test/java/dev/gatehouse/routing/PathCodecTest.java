package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canonical-path shortcut must agree with the full decode-and-split on every input. */
class PathCodecTest {

    @Test
    void theShortcutAgreesWithTheFullPathOnRandomPaths() {
        String alphabet = "ab/./..%2e%2f%\\ \u00e9~-_x";
        Random random = new Random(42);
        int shortcuts = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder("/");
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String raw = sb.toString();
            if (PathCodec.alreadyCanonical(raw)) {
                shortcuts++;
            }
            assertThat(PathCodec.canonical(raw)).as(raw).isEqualTo(PathCodec.canonicalSlowly(raw));
        }
        assertThat(shortcuts).as("the shortcut is actually taken").isGreaterThan(1000);
    }

    @Test
    void usualPathsTakeTheShortcutAndDotSegmentsDoNot() {
        assertThat(PathCodec.alreadyCanonical("/")).isTrue();
        assertThat(PathCodec.alreadyCanonical("/assets/app.v2.js")).isTrue();
        assertThat(PathCodec.alreadyCanonical("/dir/")).isTrue();
        assertThat(PathCodec.alreadyCanonical("/.well-known/x")).isTrue();
        assertThat(PathCodec.alreadyCanonical("/a/./b")).isFalse();
        assertThat(PathCodec.alreadyCanonical("/a/..")).isFalse();
        assertThat(PathCodec.alreadyCanonical("/a//b")).isFalse();
        assertThat(PathCodec.alreadyCanonical("/%61")).isFalse();
        assertThat(PathCodec.canonical("/a/../b")).isNull();
    }
}
