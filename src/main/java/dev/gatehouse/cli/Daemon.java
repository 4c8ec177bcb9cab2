package dev.gatehouse.cli;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.server.Reloader;
import dev.gatehouse.server.ServerState;
import dev.gatehouse.server.StartupException;
import dev.gatehouse.systemd.InheritedSockets;
import dev.gatehouse.systemd.SystemdNotifier;
import dev.gatehouse.tls.CertificateFinding;
import dev.gatehouse.tls.ExpiryMonitor;
import dev.gatehouse.tls.SessionTickets;
import dev.gatehouse.tls.SslContexts;
import dev.gatehouse.tls.TlsSetupException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server in the foreground until SIGTERM or SIGINT, then drains it within
 * {@code timeouts.shutdown-grace} and returns exit code 0. Meanwhile: certificate files are watched
 * and reloaded, SIGHUP reloads the whole configuration (systemd hears RELOADING=1 / READY=1), a daily
 * check warns of expiring certificates, and {@code run.pid-file} holds the process id.
 * Start-up failures come back as one line on
 * stderr and an exit code, never as a stack trace.
 */
final class Daemon {

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final SystemdNotifier systemd;

    /** Reports to systemd when {@code $NOTIFY_SOCKET} is set. */
    Daemon() {
        this(SystemdNotifier.fromEnvironment());
    }

    Daemon(SystemdNotifier systemd) {
        this.systemd = systemd;
    }

    /** The reload path calls {@code reloading(..)} before and {@code ready(..)} after each reload. */
    SystemdNotifier notifier() {
        return systemd;
    }

    interface Started {
        void onStarted(GatehouseServer server);

        /** The reload machinery, for further hooks (metrics). */
        default void onReloader(Reloader reloader) {
        }
    }

    /** How often certificate files are polled when file-system events miss a change. */
    static final Duration CERTIFICATE_POLL = Duration.ofSeconds(10);

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
            state = ServerState.build(config, config.protocols().alpn());
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
        Reloader reloader = new Reloader(server, CERTIFICATE_POLL).watch();
        // systemd: RELOADING=1 while a reload runs, READY=1 with the (new) status after it.
        reloader.addListener(new Reloader.Listener() {
            @Override
            public void reloading(String why) {
                systemd.reloading(why);
            }

            @Override
            public void reloaded(String why, boolean success) {
                systemd.ready(ReadyStatus.of(server));
            }
        });
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-maintenance");
            t.setDaemon(true);
            return t;
        });
        ExpiryMonitor expiry = new ExpiryMonitor();
        background.scheduleAtFixedRate(() -> checkExpiry(server, expiry, log), 0, 1, TimeUnit.DAYS);
        background.scheduleAtFixedRate(() -> rotateTicketKeys(server, log), 1, 1, TimeUnit.DAYS);
        try {
            if (!PidFile.write(config.pidFile(), err)) {
                server.stop(Duration.ZERO);
                return ExitCodes.FAILURE;
            }
            installSignalHandlers(() -> background.execute(reloader::reloadConfiguration));
            started.onReloader(reloader);
            started.onStarted(server);
            log.info("gatehouse {} started{}", VersionCommand.version(),
                    config.pidFile() == null ? "" : " (pid " + ProcessHandle.current().pid() + " in " + config.pidFile() + ")");
            // After bind and the TLS self-check (ServerState.build): systemd may now start dependants.
            systemd.ready(ReadyStatus.of(server));
            awaitStop();
            systemd.stopping("draining " + server.openConnections() + " connection(s)");
            log.info("stopping: no new connections; in-flight responses have {} to finish",
                    config.timeouts().shutdownGrace());
            boolean clean = server.stop(server.state().config().timeouts().shutdownGrace());
            log.info("stopped{}", clean ? "" : " (some responses were cut at the end of the grace period)");
            return ExitCodes.OK;
        } finally {
            reloader.close();
            background.shutdownNow();
            PidFile.remove(config.pidFile());
        }
    }

    private static void rotateTicketKeys(GatehouseServer server, Logger log) {
        for (var site : server.state().sites()) {
            try {
                SessionTickets.rotate(site.tls());
            } catch (TlsSetupException e) {
                log.error("site {}: session ticket keys not rotated, the current ones stay: {}", site.config().id(),
                        e.getMessage());
            }
        }
    }

    private static void checkExpiry(GatehouseServer server, ExpiryMonitor expiry, Logger log) {
        for (var site : server.state().sites()) {
            expiry.check(site.config().id(), site.tls().material().leaf(), Instant.now()).ifPresent(n -> {
                if (n.severity() == CertificateFinding.Severity.ERROR) {
                    log.error(n.message());
                } else {
                    log.warn(n.message());
                }
            });
        }
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
    private void installSignalHandlers(Runnable reload) {
        try {
            // SIGHUP: re-read the configuration and certificates (gatehouse reload sends it).
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload.run());
            if (previous == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM leaves a signal ignored at start (nohup) ignored, and the handler is not installed.
                LoggerFactory.getLogger(Daemon.class).warn("SIGHUP is ignored in this process (started under"
                        + " nohup?): gatehouse reload cannot reach it; certificate files are still watched");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(Daemon.class).info("SIGHUP not available here: reload by restart only");
        }
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
