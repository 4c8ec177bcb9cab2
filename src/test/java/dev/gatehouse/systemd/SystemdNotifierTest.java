package dev.gatehouse.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void epoll() {
        Assumptions.assumeTrue(Epoll.isAvailable(), "needs the epoll transport (Linux)");
    }

    @Test
    void sendsReadyStatusAndStoppingToAPathSocket() throws Exception {
        String path = dir.resolve("notify.sock").toString();
        try (NotifyReceiver systemd = new NotifyReceiver(path);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path), 1)) {
            assertThat(notifier.enabled()).isTrue();
            notifier.ready("serving");
            assertThat(systemd.next()).contains("READY=1\n").contains("STATUS=serving")
                    .contains("MAINPID=" + ProcessHandle.current().pid());
            notifier.reloading("reloading\nconfig");
            assertThat(systemd.next()).startsWith("RELOADING=1\nSTATUS=reloading config\nMONOTONIC_USEC=");
            notifier.stopping("bye");
            assertThat(systemd.next()).isEqualTo("STOPPING=1\nSTATUS=bye");
        }
    }

    @Test
    void abstractNamespaceSocket() throws Exception {
        String name = "gatehouse-test-" + UUID.randomUUID();
        try (NotifyReceiver systemd = new NotifyReceiver("\0" + name);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), 1)) {
            notifier.status("hello");
            assertThat(systemd.next()).isEqualTo("STATUS=hello");
        }
    }

    @Test
    void watchdogPingsAtHalfTheInterval() throws Exception {
        String path = dir.resolve("wd.sock").toString();
        long pid = ProcessHandle.current().pid();
        try (NotifyReceiver systemd = new NotifyReceiver(path);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path,
                        "WATCHDOG_USEC", "400000", "WATCHDOG_PID", Long.toString(pid)), pid)) {
            assertThat(notifier.watchdogInterval()).isEqualTo(Duration.ofMillis(400));
            notifier.ready("up");
            assertThat(systemd.next()).contains("READY=1");
            // Several pings arrive (bounded by NotifyReceiver's 10 s timeout each).
            for (int i = 0; i < 3; i++) {
                assertThat(systemd.next()).isEqualTo("WATCHDOG=1");
            }
            notifier.stopping("bye");
            assertThat(systemd.nextContaining("STOPPING=1")).isNotNull();
        }
    }

    @Test
    void watchdogForAnotherPidIsIgnored() {
        assertThat(SystemdNotifier.watchdogMicros(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "2"), 3)).isZero();
        assertThat(SystemdNotifier.watchdogMicros(Map.of("WATCHDOG_USEC", "1000"), 3)).isEqualTo(1000);
        assertThat(SystemdNotifier.watchdogMicros(Map.of("WATCHDOG_USEC", "x"), 3)).isZero();
    }

    @Test
    void withoutNotifySocketEverythingIsANoOp() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of(), 1);
        assertThat(notifier.enabled()).isFalse();
        notifier.ready("x");
        notifier.stopping("x");
        notifier.close();
    }
}
