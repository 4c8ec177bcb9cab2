package dev.gatehouse.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shipped units pass {@code systemd-analyze verify} (via scripts/verify-units.sh). */
class SystemdUnitsTest {

    @Test
    void shippedUnitsVerify() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"), "needs systemd-analyze");
        Process p = new ProcessBuilder("bash", Path.of("scripts/verify-units.sh").toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    private static boolean onPath(String tool) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }
}
