package dev.gatehouse.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Change detection with file-system events and with polling alone, for the ways files get replaced. */
class CertificateWatcherTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "events={0}")
    @ValueSource(booleans = {true, false})
    void seesRenameEditAndLinkSwapOncePerChange(boolean events) throws Exception {
        Path v1 = Files.writeString(Files.createDirectories(dir.resolve("archive")).resolve("cert1.pem"), "one");
        Path v2 = Files.writeString(dir.resolve("archive/cert2.pem"), "two, longer");
        Path live = Files.createDirectories(dir.resolve("live"));
        Path link = live.resolve("cert.pem");
        Files.createSymbolicLink(link, Path.of("../archive/cert1.pem"));
        Path plain = Files.writeString(dir.resolve("key.pem"), "key");
        Semaphore changes = new Semaphore(0);
        try (CertificateWatcher w = new CertificateWatcher(List.of(link, plain), Duration.ofMillis(200),
                Duration.ofMillis(50), changes::release, events).start()) {
            Thread.sleep(300);
            assertThat(changes.availablePermits()).isZero();

            Path tmp = live.resolve("cert.pem.new"); // certbot: new link renamed over the old
            Files.createSymbolicLink(tmp, Path.of("../archive/cert2.pem"));
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE);
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).as("link swap").isTrue();

            Files.writeString(dir.resolve("key.tmp"), "new key, other size");
            Files.move(dir.resolve("key.tmp"), plain, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).as("rename over").isTrue();

            Files.writeString(v2, "two, edited in place to a new size");
            assertThat(changes.tryAcquire(5, TimeUnit.SECONDS)).as("edit of the link target").isTrue();

            Files.writeString(v1, "not watched any more");
            Thread.sleep(700);
            assertThat(changes.availablePermits()).as("the old target is not the file any more").isZero();
        }
    }
}
