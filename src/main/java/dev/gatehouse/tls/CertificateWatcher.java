package dev.gatehouse.tls;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back once the certificate and key files have changed and then stayed the same for the
 * debounce time (certbot and editors write files in several steps).
 *
 * <p>What counts as the file is its resolved target: the fingerprint is the real path after following
 * every link plus that target's inode, size and mtime. So a rename over the file, an edit in place,
 * a Let's Encrypt {@code live/} link moved to a new {@code archive/} file and a Kubernetes {@code ..data}
 * link swap all change it. File-system events (on the folders of the configured paths and of their
 * targets) make it quick; polling every {@code pollInterval} catches what events miss (network file
 * systems, links swapped in a folder nobody watches).
 */
public final class CertificateWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);

    private final List<Path> files;
    private final Duration pollInterval;
    private final Duration debounce;
    private final Runnable onChange;
    private final WatchService watchService;
    private final Thread thread;
    private final Set<Path> watchedDirs = new LinkedHashSet<>();
    private volatile boolean closed;

    public CertificateWatcher(List<Path> files, Duration pollInterval, Duration debounce, Runnable onChange) {
        this(files, pollInterval, debounce, onChange, true);
    }

    /** @param events false to rely on polling alone (tests of the fallback) */
    CertificateWatcher(List<Path> files, Duration pollInterval, Duration debounce, Runnable onChange, boolean events) {
        this.files = List.copyOf(files);
        this.pollInterval = pollInterval;
        this.debounce = debounce;
        this.onChange = onChange;
        WatchService ws = null;
        try {
            if (events) {
                ws = FileSystems.getDefault().newWatchService();
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("no file-system events for certificate files ({}); polling every {}", e, pollInterval);
            ws = null;
        }
        this.watchService = ws;
        this.thread = new Thread(this::run, "gatehouse-cert-watch");
        thread.setDaemon(true);
    }

    public CertificateWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        List<String> last = fingerprints();
        registerDirs();
        while (!closed) {
            boolean event = awaitEventOrTimeout();
            if (closed) {
                return;
            }
            List<String> now = fingerprints();
            if (now.equals(last)) {
                continue;
            }
            // Debounce: wait until the files stop changing (bounded, so a file rewritten forever still reloads).
            for (int i = 0; i < 20; i++) {
                sleep(debounce);
                List<String> again = fingerprints();
                if (again.equals(now)) {
                    break;
                }
                now = again;
            }
            if (closed) {
                return;
            }
            last = now;
            LOG.info("certificate or key files changed ({})", event ? "file-system event" : "polling");
            registerDirs();
            try {
                onChange.run();
            } catch (RuntimeException e) {
                LOG.error("reload after a certificate change failed unexpectedly", e);
            }
        }
    }

    private boolean awaitEventOrTimeout() {
        if (watchService == null) {
            sleep(pollInterval);
            return false;
        }
        try {
            WatchKey key = watchService.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            if (key == null) {
                return false;
            }
            // Drain all pending events: one check covers them all.
            do {
                key.pollEvents();
                key.reset();
            } while ((key = watchService.poll()) != null);
            return true;
        } catch (InterruptedException | ClosedWatchServiceException e) {
            return false;
        }
    }

    /** Folders of the configured paths, of every link hop, and of the final targets. */
    private void registerDirs() {
        if (watchService == null) {
            return;
        }
        for (Path file : files) {
            Path p = file.toAbsolutePath();
            for (int hops = 0; hops < 10 && p != null; hops++) {
                register(p.getParent());
                if (!Files.isSymbolicLink(p)) {
                    break;
                }
                try {
                    Path target = Files.readSymbolicLink(p);
                    p = p.getParent().resolve(target).normalize();
                } catch (IOException e) {
                    break;
                }
            }
            try {
                register(file.toRealPath().getParent());
            } catch (IOException e) {
                // Missing right now (mid-swap); polling will see it return.
            }
        }
    }

    private void register(Path dir) {
        if (dir == null || watchedDirs.contains(dir) || !Files.isDirectory(dir)) {
            return;
        }
        try {
            dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watchedDirs.add(dir);
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debug("cannot watch {}: {}", dir, e.toString());
        }
    }

    private List<String> fingerprints() {
        List<String> out = new ArrayList<>(files.size());
        for (Path file : files) {
            out.add(fingerprint(file));
        }
        return out;
    }

    static String fingerprint(Path file) {
        try {
            Path real = file.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, new LinkOption[0]);
            return real + "|" + Objects.toString(a.fileKey()) + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return file + "|missing";
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
    }
}
