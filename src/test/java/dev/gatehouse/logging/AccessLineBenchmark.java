package dev.gatehouse.logging;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Combined access-log line formatted into a batch, as the event loop does it for every response
 * (W2's request: HTTP/2, a 1 KiB file, h2load's User-Agent). The batch is cleared when full instead of
 * being handed to Logback, so only the formatting is measured.
 *
 * <p>Run: {@code scripts/jmh AccessLineBenchmark -prof gc}. Not a test: nothing asserts on time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccessLineBenchmark {

    private final LineBytes batch = new LineBytes(AccessLogBatches.MAX_BYTES + 1024);
    private final AccessEntry entry = new AccessEntry("127.0.0.1", "127.0.0.1:9450", "GET", "/1k.bin", "HTTP/2.0",
            200, 1024, null, "h2load nghttp2/1.52.0", "TLSv1.3", "TLS_AES_128_GCM_SHA256", 84_000,
            "6f1c1e0a9b7d4c2e8f3a5b6c7d8e9f01", "default", null);

    @Benchmark
    public int combined() {
        if (batch.length() > AccessLogBatches.MAX_BYTES) {
            batch.clear();
        }
        AccessLog.combined(batch, entry).ch('\n');
        return batch.length();
    }
}
