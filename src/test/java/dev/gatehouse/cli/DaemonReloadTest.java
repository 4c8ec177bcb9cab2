package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ExternalTool;
import dev.gatehouse.testing.SniClient;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon in its own JVM: writes run.pid-file, reloads on {@code gatehouse reload} (SIGHUP),
 * rejects an invalid configuration without sending anything, keeps the running one when the new key
 * material is broken, and removes the pid file on SIGTERM.
 */
class DaemonReloadTest {

    @TempDir
    Path dir;

    @Test
    void reloadCommandSwapsConfigurationAndCertificates() throws Exception {
        TestPki pki = TestPki.create();
        int port = freePort();
        Path pidFile = dir.resolve("gatehouse.pid");
        TestServer.Builder builder = TestServer.builder(dir).pki(pki)
                .property("listener.https.port", Integer.toString(port))
                .property("listener.http.mode", "off")
                .property("run.pid-file", pidFile.toString());
        Path config = builder.writeConfig();
        String original = Files.readString(config);
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(config, log, "default");
        try {
            waitFor(() -> Files.exists(pidFile), "pid file", log, daemon);
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(daemon.pid()));
            BigInteger first = serial(pki, port, null);

            // 1. A new certificate pair and a new site, via the config file.
            TestPki.Leaf next = pki.leaf("localhost").sans("localhost", "127.0.0.1").issue();
            TestPki.Leaf shop = pki.leaf("shop.example.org").issue();
            Path docroot = Files.createDirectories(dir.resolve("shop"));
            Files.writeString(docroot.resolve("index.html"), "shop");
            Files.writeString(config, original
                    .replaceAll("(?m)^tls\\.certificate=.*$", "tls.certificate=" + next.writeChainPem(dir.resolve("next.pem")))
                    .replaceAll("(?m)^tls\\.certificate-private-key=.*$",
                            "tls.certificate-private-key=" + next.writeKeyPkcs8(dir.resolve("next-key.pem")))
                    + "site.shop.server-names=shop.example.org\n"
                    + "site.shop.tls.certificate=" + shop.writeChainPem(dir.resolve("shop.pem")) + "\n"
                    + "site.shop.tls.certificate-private-key=" + shop.writeKeyPkcs8(dir.resolve("shop-key.pem")) + "\n"
                    + "site.shop.static.root=" + docroot + "\n");
            assertThat(Main.execute("reload", "-c", config.toString())).isEqualTo(ExitCodes.OK);
            waitFor(() -> next.certificate().getSerialNumber().equals(serial(pki, port, null)), "new serial", log,
                    daemon);
            assertThat(serial(pki, port, "shop.example.org")).isEqualTo(shop.certificate().getSerialNumber());
            assertThat(Files.readString(log)).contains("site default: certificate serial "
                    + first.toString(16) + " (expires").contains("-> serial " + next.certificate().getSerialNumber().toString(16));

            // 2. An invalid file: reported by the command, nothing sent, daemon unchanged.
            String good = Files.readString(config);
            Files.writeString(config, good + "tls.protocol=TLSv1.3\n");
            assertThat(Main.execute("reload", "-c", config.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);

            // 3. Valid syntax but a key that does not match: the daemon rejects it and keeps serving.
            Files.writeString(config, good.replace(dir.resolve("next-key.pem").toString(),
                    dir.resolve("shop-key.pem").toString()));
            assertThat(Main.execute("reload", "-c", config.toString())).isEqualTo(ExitCodes.OK);
            waitFor(() -> Files.readString(log).contains("reload rejected, the running configuration stays"),
                    "rejection logged", log, daemon);
            assertThat(serial(pki, port, null)).isEqualTo(next.certificate().getSerialNumber());
            assertThat(daemon.isAlive()).isTrue();
        } finally {
            daemon.destroy(); // SIGTERM
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(daemon.exitValue()).isZero();
        assertThat(pidFile).doesNotExist();
        assertThat(Main.execute("reload", "-c", config.toString())).isEqualTo(ExitCodes.FAILURE);
    }

    /**
     * Started with SIGHUP ignored, as under {@code nohup}: the JVM keeps it ignored, so the daemon says
     * so in its log and {@code gatehouse reload} refuses instead of claiming a reload it cannot cause.
     */
    @Test
    void aDaemonThatIgnoresSighupIsReportedInsteadOfSilentlyNotReloading() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs /proc");
        ExternalTool.require("python3", "python3"); // starts the daemon with SIGHUP ignored
        Path pidFile = dir.resolve("gatehouse.pid");
        Path config = TestServer.builder(dir).property("listener.http.mode", "off")
                .property("run.pid-file", pidFile.toString()).writeConfig();
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(config, log, "ignore");
        try {
            waitFor(() -> Files.readString(log).contains("Daemon - gatehouse"), "start", log, daemon);
            assertThat(Files.readString(log)).contains("SIGHUP is ignored in this process");
            assertThat(Main.execute("reload", "-c", config.toString())).isEqualTo(ExitCodes.FAILURE);
            assertThat(daemon.isAlive()).isTrue();
        } finally {
            daemon.destroy();
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(daemon.exitValue()).isZero();
    }

    /**
     * The daemon in its own JVM, with SIGHUP at its default ({@code hup=default}) or ignored
     * ({@code ignore}). Set explicitly because a build started under nohup passes SIGHUP ignored on to
     * every process it starts (python3 sets it, then execs java in the same process).
     */
    private static Process startDaemon(Path config, Path log, String hup) throws IOException {
        List<String> jvm = List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "-c", config.toString());
        List<String> cmd = new ArrayList<>();
        if (ExternalTool.find("python3").isPresent()) {
            cmd.addAll(List.of("python3", "-c", "import os, signal, sys\n"
                    + "signal.signal(signal.SIGHUP, signal.SIG_IGN if sys.argv[1] == 'ignore' else signal.SIG_DFL)\n"
                    + "os.execv(sys.argv[2], sys.argv[2:])", hup));
        }
        cmd.addAll(jvm);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * A fresh client context per call: the JDK client resumes sessions per host:port and then repeats
     * the old session's SNI, which would hide the certificate change.
     */
    private static BigInteger serial(TestPki pki, int port, String sni) throws IOException {
        try (SSLSocket s = SniClient.connect(TestServer.clientSslContext(pki), port, sni)) {
            return SniClient.peerLeaf(s).getSerialNumber();
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** On a timeout the message says whether the daemon still runs and, if it does, what its threads do. */
    private static void waitFor(Check check, String what, Path log, Process daemon) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; daemon log:\n"
                + (Files.exists(log) ? Files.readString(log) : "(none)") + "\n" + threads(daemon));
    }

    private static String threads(Process daemon) {
        if (!daemon.isAlive()) {
            return "daemon exited with " + daemon.exitValue();
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(javaBinary()).resolveSibling("jcmd").toString(),
                    Long.toString(daemon.pid()), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(20, TimeUnit.SECONDS);
            return "daemon threads:\n" + out;
        } catch (IOException | InterruptedException e) {
            return "daemon alive; no thread dump (" + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
