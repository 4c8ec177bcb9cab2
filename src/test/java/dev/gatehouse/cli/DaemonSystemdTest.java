package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.systemd.NotifyReceiver;
import dev.gatehouse.systemd.SystemdNotifier;
import dev.gatehouse.testing.TestServer;
import io.netty.channel.epoll.Epoll;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon tells systemd READY=1 only once it accepts connections, and STOPPING=1 on stop. */
class DaemonSystemdTest {

    @TempDir
    Path dir;

    @Test
    void readyAfterBindStoppingOnStop() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "needs the epoll transport (Linux)");
        ServerConfig config = ConfigLoader.load(TestServer.builder(dir).writeConfig());
        String path = dir.resolve("notify.sock").toString();
        try (NotifyReceiver systemd = new NotifyReceiver(path)) {
            Daemon daemon = new Daemon(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path), 1));
            AtomicReference<GatehouseServer> server = new AtomicReference<>();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> daemon.run(config,
                    new PrintStream(new ByteArrayOutputStream()), server::set));
            String ready = systemd.next();
            assertThat(ready).contains("READY=1").contains("STATUS=serving 1 site on https port");
            // READY=1 means: a client can connect now.
            try (Socket s = new Socket("127.0.0.1", server.get().httpsPort())) {
                assertThat(s.isConnected()).isTrue();
            }
            daemon.requestStop();
            assertThat(systemd.next()).startsWith("STOPPING=1\nSTATUS=draining");
            assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        }
    }
}
