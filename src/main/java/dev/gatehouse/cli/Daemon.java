package dev.gatehouse.cli;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.ServerState;
import dev.gatehouse.server.StartupException;
import dev.gatehouse.systemd.InheritedSockets;
import dev.gatehouse.systemd.SystemdNotifier;
import dev.gatehouse.tls.CertificateFinding;
import dev.gatehouse.tls.SslContexts;
import dev.gatehouse.tls.TlsSetupException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server in the foreground until SIGTERM or SIGINT, then drains it within
 * {@code timeouts.shutdown-grace} and returns exit code 0. Start-up failures come back as one line on
 * stderr and an exit code, never as a stack trace.
 */
final class Daemon {

    /** ALPN protocols offered; HTTP/2 joins with its issue. */
    static final List<String> ALPN = List.of("http/1.1");

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final SystemdNotifier systemd;

    /** Reports to systemd when {@code $NOTIFY_SOCKET} is set. */
    Daemon() {
        this(SystemdNotifier.fromEnvironment());
    }

    Daemon(SystemdNotifier systemd) {
        this.systemd = systemd;
    }

    /** For the reload code: {@code notifier().reloading(..)} before, {@code notifier().ready(..)} after. */
    SystemdNotifier notifier() {
        return systemd;
    }

    interface Started {
        void onStarted(GatehouseServer server);
    }

    int run(ServerConfig config, PrintStream err, Started started) {
        try (systemd) {
            return runNotifying(config, err, started);
        }
    }

    private int runNotifying(ServerConfig config, PrintStream err, Started started) {
        SslContexts.hardenJdk();
        Logger log = LoggerFactory.getLogger(Daemon.class);
        ServerState state;
        try {
            state = ServerState.build(config, ALPN);
        } catch (TlsSetupException e) {
            err.println("gatehouse: " + where(config) + (e.key() == null ? "" : e.key() + ": ") + e.getMessage());
            log.debug("TLS set-up failure", e);
            return ExitCodes.INVALID_CONFIG;
        } catch (IOException e) {
            err.println("gatehouse: " + where(config) + "static.root: cannot open: " + e.getMessage());
            return ExitCodes.INVALID_CONFIG;
        }
        for (var site : state.sites()) {
            for (CertificateFinding finding : site.tls().findings()) {
                switch (finding.severity()) {
                    case ERROR -> log.error("site {}: {}", site.config().id(), finding.message());
                    case WARN -> log.warn("site {}: {}", site.config().id(), finding.message());
                    default -> log.info("site {}: {}", site.config().id(), finding.message());
                }
            }
        }
        GatehouseServer server;
        try {
            server = GatehouseServer.start(state, InheritedSockets.fromEnvironment());
        } catch (StartupException | IllegalArgumentException e) {
            // IllegalArgumentException: LISTEN_FDS/LISTEN_FDNAMES that make no sense.
            err.println("gatehouse: " + e.getMessage());
            log.debug("start-up failure", e);
            return ExitCodes.FAILURE;
        }
        installSignalHandlers();
        started.onStarted(server);
        log.info("gatehouse {} started", VersionCommand.version());
        // After bind and the TLS self-check (ServerState.build): systemd may now start dependants.
        systemd.ready(ReadyStatus.of(server));
        awaitStop();
        systemd.stopping("draining " + server.openConnections() + " connection(s)");
        log.info("stopping: no new connections; in-flight responses have {} to finish",
                config.timeouts().shutdownGrace());
        boolean clean = server.stop(config.timeouts().shutdownGrace());
        log.info("stopped{}", clean ? "" : " (some responses were cut at the end of the grace period)");
        return ExitCodes.OK;
    }

    /** Asks a running daemon to stop, as SIGTERM would (tests and embedding). */
    void requestStop() {
        stopRequested.countDown();
    }

    private void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Handles TERM and INT ourselves instead of through shutdown hooks: with hooks the JVM exits with
     * 143/130, and systemd and scripts expect 0 from a clean, requested stop.
     */
    @SuppressWarnings("restriction")
    private void installSignalHandlers() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> requestStop());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::requestStop));
            }
        }
    }

    private static String where(ServerConfig config) {
        return config.source() == null ? "" : config.source() + ": ";
    }
}
