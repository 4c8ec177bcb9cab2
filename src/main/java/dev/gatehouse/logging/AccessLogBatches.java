package dev.gatehouse.logging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Access-log lines batched per thread and handed to Logback as one event of several lines, at the
 * latest {@code log.access-flush} after the first line of a batch (like nginx's {@code access_log ...
 * buffer= flush=}). Why: one Logback event per request costs an async-queue hand-off and a wake-up of
 * the writer thread per request, which on a busy core cost more than serving the request (measured:
 * 23k requests/s with a line per event against 58k without an access log). A flush interval of 0
 * writes every line at once.
 */
final class AccessLogBatches {

    /**
     * A batch goes out when it reaches this size (about 1,300 Combined lines) or at the flush interval.
     * 256 KiB rather than 64: each batch wakes the writer thread, which shares the core on a busy
     * single-core server; at 64 KiB the wake-ups alone were about 0.7 % of a small HTTP/2 request's
     * cost (W2 profile). conf/logback.xml bounds the writer's queue in batches, so the two go together.
     */
    static final int MAX_BYTES = 256 * 1024;
    private static final List<Batch> ALL = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<Batch> MINE = ThreadLocal.withInitial(() -> {
        Batch b = new Batch();
        ALL.add(b);
        return b;
    });
    private static volatile long flushMillis = 1000;
    private static volatile Thread flusher;

    private AccessLogBatches() {
    }

    static void flushInterval(long millis) {
        flushMillis = millis;
        if (millis > 0) {
            startFlusher();
        } else {
            flushAll(null);
        }
    }

    /** A line formatted already (JSON). */
    static void add(Logger log, String line) {
        add(log, line, null);
    }

    /** A Combined Log Format line, formatted straight into this thread's batch. */
    static void add(Logger log, AccessEntry entry) {
        add(log, null, entry);
    }

    /** Exactly one of {@code line} (formatted already) and {@code entry} (Combined, formatted here). */
    private static void add(Logger log, String line, AccessEntry entry) {
        if (flushMillis <= 0) {
            emit(log, append(new LineBytes(256), line, entry).toArray()); // a batch of one line
            return;
        }
        if (flusher == null) {
            startFlusher();
        }
        MINE.get().add(log, line, entry);
    }

    /** The line, formatted here if it is an entry, and its line feed. */
    private static LineBytes append(LineBytes lines, String line, AccessEntry entry) {
        if (line != null) {
            lines.utf8(line);
        } else {
            AccessLog.combined(lines, entry);
        }
        return lines.ch('\n');
    }

    /**
     * Hands a batch to Logback: as one event whose bytes {@link AccessLineEncoder} writes unchanged
     * when Logback is the backend, else as one message of lines.
     */
    private static void emit(Logger log, byte[] lines) {
        if (log instanceof ch.qos.logback.classic.Logger logback) {
            logback.callAppenders(new AccessLinesEvent(logback, lines));
        } else {
            log.info(new String(lines, 0, lines.length - 1, StandardCharsets.UTF_8));
        }
    }

    /** Writes every pending line now (shutdown, reload, tests). */
    static void flushAll(Logger log) {
        for (Batch b : ALL) {
            b.flush();
        }
    }

    private static synchronized void startFlusher() {
        if (flusher != null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    TimeUnit.MILLISECONDS.sleep(Math.max(50, flushMillis));
                } catch (InterruptedException e) {
                    return;
                }
                flushAll(null);
            }
        }, "gatehouse-access-flush");
        t.setDaemon(true);
        t.start();
        flusher = t;
    }

    private static final class Batch {
        private final LineBytes lines = new LineBytes(MAX_BYTES + 1024);
        private Logger log;

        synchronized void add(Logger target, String line, AccessEntry entry) {
            log = target;
            append(lines, line, entry);
            if (lines.length() >= MAX_BYTES) {
                flush();
            }
        }

        synchronized void flush() {
            if (lines.length() == 0 || log == null) {
                return;
            }
            byte[] batch = lines.toArray();
            lines.clear();
            emit(log, batch);
        }
    }
}
