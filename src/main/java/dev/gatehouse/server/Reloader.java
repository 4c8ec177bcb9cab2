package dev.gatehouse.server;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.metrics.Metrics;
import dev.gatehouse.tls.CertificateWatcher;
import dev.gatehouse.tls.LoadedTls;
import dev.gatehouse.tls.TlsSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the running {@link ServerState} without touching established connections: either the
 * certificates alone (their files changed) or the whole configuration (SIGHUP, {@code gatehouse reload}).
 * Everything new is loaded and proven (key matches, self-handshake) before the swap; whatever fails is
 * logged and the running state stays. Reloads are serialized.
 */
public final class Reloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    /** Told before and after each reload (systemd RELOADING=1 / READY=1, metrics). */
    public interface Listener {
        default void reloading(String why) {
        }

        /** @param success false when the new configuration or a certificate was rejected */
        default void reloaded(String why, boolean success) {
        }
    }

    private final GatehouseServer server;
    private final Duration pollInterval;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private CertificateWatcher watcher;

    public Reloader(GatehouseServer server, Duration pollInterval) {
        this.server = server;
        this.pollInterval = pollInterval;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Starts watching the key files of the current state's sites (again, after a config reload). */
    public synchronized Reloader watch() {
        if (watcher != null) {
            watcher.close();
        }
        Set<Path> files = new LinkedHashSet<>();
        for (Site site : server.state().sites()) {
            files.addAll(site.config().tls().keySource().files());
            if (site.config().tls().sessionTicketKeys() != null) {
                files.add(site.config().tls().sessionTicketKeys());
            }
        }
        watcher = new CertificateWatcher(new ArrayList<>(files), pollInterval, Duration.ofMillis(200),
                this::reloadCertificates).start();
        return this;
    }

    /**
     * Reloads each site's key material from the same configuration. A site whose new files are broken
     * keeps its running certificate (one ERROR line); the others take their new one.
     *
     * @return true if every site loaded
     */
    public synchronized boolean reloadCertificates() {
        String why = "certificate files changed";
        listeners.forEach(l -> l.reloading(why));
        ServerState old = server.state();
        List<Site> sites = new ArrayList<>();
        boolean allOk = true;
        for (Site site : old.sites()) {
            try {
                LoadedTls tls = LoadedTls.load(site.config().tls(), old.config().protocols().alpn());
                logChange(site.config().id(), site.tls(), tls);
                sites.add(new Site(site.config(), tls, site.files(), site.routes()));
            } catch (TlsSetupException e) {
                allOk = false;
                LOG.error("site {}: new certificate rejected, still serving serial {}: {}{}", site.config().id(),
                        serial(site.tls().material().leaf()), e.key() == null ? "" : e.key() + ": ", e.getMessage());
                sites.add(site);
            }
        }
        server.swap(new ServerState(old.config(), List.copyOf(sites)));
        boolean result = allOk;
        Metrics.global().reload(result);
        listeners.forEach(l -> l.reloaded(why, result));
        return result;
    }

    /**
     * Re-reads the configuration file and everything it names. All or nothing: any problem keeps the
     * running configuration. Listener addresses and thread counts need a restart and are kept.
     */
    public synchronized boolean reloadConfiguration() {
        String why = "configuration reload";
        listeners.forEach(l -> l.reloading(why));
        boolean ok = doReloadConfiguration();
        Metrics.global().reload(ok);
        listeners.forEach(l -> l.reloaded(why, ok));
        return ok;
    }

    private boolean doReloadConfiguration() {
        ServerState old = server.state();
        Path source = old.config().source();
        if (source == null) {
            LOG.error("reload rejected: this configuration was not read from a file");
            return false;
        }
        ServerConfig config;
        ServerState next;
        try {
            config = ConfigLoader.load(source);
            next = ServerState.build(config, config.protocols().alpn());
        } catch (ConfigException e) {
            LOG.error("reload rejected, the running configuration stays: {} problem(s)", e.problems().size());
            e.problems().forEach(p -> LOG.error("  {}", p));
            return false;
        } catch (TlsSetupException e) {
            LOG.error("reload rejected, the running configuration stays: {}: {}{}", source,
                    e.key() == null ? "" : e.key() + ": ", e.getMessage());
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.error("reload rejected, the running configuration stays: {}: {}", source, e.toString());
            return false;
        }
        if (!Objects.equals(config.https(), old.config().https()) || !Objects.equals(config.http(), old.config().http())
                || config.plainMode() != old.config().plainMode() || config.ioThreads() != old.config().ioThreads()
                || config.transport() != old.config().transport() || config.bufferRing() != old.config().bufferRing()) {
            LOG.warn("reload: listener, plain-mode, thread and transport settings take effect at the next restart"
                    + " only");
        }
        for (Site site : next.sites()) {
            Site before = old.sites().stream().filter(s -> s.config().id().equals(site.config().id())).findFirst()
                    .orElse(null);
            logChange(site.config().id(), before == null ? null : before.tls(), site.tls());
        }
        for (Site site : old.sites()) {
            if (next.sites().stream().noneMatch(s -> s.config().id().equals(site.config().id()))) {
                LOG.info("site {}: removed", site.config().id());
            }
        }
        server.swap(next);
        if (watcher != null) {
            watch();
        }
        LOG.info("configuration reloaded from {}: {} site(s)", source, next.sites().size());
        return true;
    }

    private static void logChange(String id, LoadedTls before, LoadedTls after) {
        X509Certificate now = after.material().leaf();
        if (before == null) {
            LOG.info("site {}: new site, certificate serial {} expires {}", id, serial(now), now.getNotAfter().toInstant());
            return;
        }
        X509Certificate was = before.material().leaf();
        LOG.info("site {}: certificate serial {} (expires {}) -> serial {} (expires {}){}", id, serial(was),
                was.getNotAfter().toInstant(), serial(now), now.getNotAfter().toInstant(),
                was.equals(now) ? ", unchanged" : "");
    }

    static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
