package dev.gatehouse.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * {@code cds-train --profile}: bounded traffic of every kind a server meets, sent to the training
 * server so that the method profiles a Java 25+ AOT cache keeps (JEP 515) describe all of it:
 * new connections with full handshakes (with and without a server name, and some given up before or
 * inside the handshake or before the response), HTTP/1.1 keep-alive requests, HTTP/2 streams,
 * complete and interrupted large downloads, 304s, 404s, HEAD and ranges.
 *
 * <p>Why: the JIT compiles a hot path for what its profile has seen. A path compiled for small files
 * alone has no code for a large one and is thrown away (deoptimised) at the first large download,
 * then recompiled on the server's core while requests wait; the same happens at the first new
 * connection after a long keep-alive run, the first interrupted download, the first HTTP/2 connection.
 * Profiles recorded from this traffic make the first compilation the lasting one.
 *
 * <p>Counts are fixed (a few thousand requests in all) and the whole run stops at its deadline.
 * Loopback only; the server is the throwaway training server.
 */
final class TrainingTraffic {

    private static final int KEEP_ALIVE_LANES = 6;
    // Under the shipped limits.max-requests-per-connection (1,000), after which the server closes.
    private static final int REQUESTS_PER_LANE = 900;
    private static final int HTTP2_REQUESTS = 6000;
    private static final int HTTP2_CONCURRENCY = 20;
    private static final int NEW_CONNECTIONS = 600;
    private static final int LARGE_DOWNLOADS = 8;
    private static final int HTTP2_LARGE_DOWNLOADS = 4;
    private static final int CUT_DOWNLOADS = 16;
    private static final int CUT_AFTER_BYTES = 256 * 1024;
    private static final Duration QUIET_COMPILER_WAIT = Duration.ofSeconds(5);

    private final SSLContext tls;
    private final int port;
    private final List<String> failures;
    private final long deadline;
    private final AtomicInteger sent = new AtomicInteger(); // the keep-alive lanes count at once
    private final StringBuilder phases = new StringBuilder();
    private long phaseStart = System.nanoTime();
    private int phaseSent;

    TrainingTraffic(SSLContext tls, int port, List<String> failures, Duration budget) {
        this.tls = tls;
        this.port = port;
        this.failures = failures;
        this.deadline = System.nanoTime() + budget.toNanos();
    }

    /** Sends it all (or what the deadline allows); returns how many requests were sent. */
    int run(String small, String large) throws InterruptedException {
        // New connections first, while the JIT has time to profile them (see newConnections).
        newConnections(small);
        phase("handshakes");
        List<Thread> lanes = new ArrayList<>();
        for (int i = 0; i < KEEP_ALIVE_LANES; i++) {
            Thread t = new Thread(() -> keepAliveLane(small), "train-h1-" + i);
            t.start();
            lanes.add(t);
        }
        for (Thread t : lanes) {
            t.join();
        }
        phase("http/1.1");
        http2(small, large);
        phase("h2");
        largeDownloads(large);
        phase("large");
        return sent.get();
    }

    /** Requests per phase and the milliseconds each took, for the training run's summary line. */
    String phases() {
        return phases.toString();
    }

    private void phase(String name) {
        long now = System.nanoTime();
        phases.append(phases.length() == 0 ? "" : ", ").append(name).append(' ').append(sent.get() - phaseSent)
                .append(" in ").append((now - phaseStart) / 1_000_000).append(" ms");
        phaseStart = now;
        phaseSent = sent.get();
    }

    private boolean late() {
        return System.nanoTime() - deadline > 0;
    }

    /** One keep-alive connection: small files, now and then a 404, a HEAD, a 304 and a range. */
    private void keepAliveLane(String small) {
        try (SSLSocket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < REQUESTS_PER_LANE && !late(); i++) {
                String path = i % 97 == 0 ? "/no-such-file" : small;
                String method = i % 89 == 0 ? "HEAD" : "GET";
                String extra = i % 83 == 0 ? "Range: bytes=0-99\r\n" : i % 79 == 0 ? "If-Modified-Since: "
                        + "Thu, 01 Jan 2099 00:00:00 GMT\r\n" : "";
                out.write(request(method, path, extra));
                out.flush();
                int status = readResponse(in, method.equals("HEAD"), Long.MAX_VALUE);
                int expected = !path.equals(small) ? 404 : extra.startsWith("Range") ? 206 : 200;
                if (!(extra.startsWith("If-") && status == 304)) {
                    expect(status, expected, method + " " + path + " (HTTP/1.1 keep-alive)");
                }
                sent.incrementAndGet();
            }
        } catch (IOException e) {
            fail("HTTP/1.1 keep-alive: " + e);
        }
    }

    /** HTTP/2: small files over one connection, many streams at once; then a few large files. */
    private void http2(String small, String large) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        URI smallUri = URI.create("https://127.0.0.1:" + port + small);
        for (int done = 0; done < HTTP2_REQUESTS && !late(); done += HTTP2_CONCURRENCY) {
            List<CompletableFuture<HttpResponse<byte[]>>> batch = new ArrayList<>();
            for (int i = 0; i < HTTP2_CONCURRENCY; i++) {
                batch.add(client.sendAsync(HttpRequest.newBuilder(smallUri).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> f : batch) {
                try {
                    expect(f.join().statusCode(), 200, "GET " + small + " (HTTP/2)");
                } catch (RuntimeException e) {
                    fail("GET " + small + " (HTTP/2): " + e);
                }
                sent.incrementAndGet();
            }
        }
        URI largeUri = URI.create("https://127.0.0.1:" + port + large);
        for (int i = 0; i < HTTP2_LARGE_DOWNLOADS && !late(); i++) {
            try {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(largeUri).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = r.body()) {
                    // Half of them are abandoned part-way (the client resets the stream).
                    skip(body, i % 2 == 0 ? Long.MAX_VALUE : CUT_AFTER_BYTES, false);
                }
                expect(r.statusCode(), 200, "GET " + large + " (HTTP/2)");
            } catch (IOException e) {
                fail("GET " + large + " (HTTP/2): " + e);
            }
            sent.incrementAndGet();
        }
    }

    /**
     * A full handshake per connection (no resumption), one request, then the client closes. The
     * second half also has what a load generator or a browser leaves behind: connections with a
     * server name (SNI), and connections given up before the handshake, inside it, and after the
     * request.
     *
     * <p>Why: the methods of the handshake and the teardown run once per connection, a few hundred
     * times in this run. The JIT keeps their profiles only if it has time for them: while its queue
     * is long it compiles new methods without profiling (C1's tier 2), and after the other phases it
     * still was. Hence this phase first, after the start-up's compiles have drained, and the unusual
     * connections only in its second half, once the profiles are being kept. A path that no profile
     * has seen is compiled without code for it: when a load generator stops with 32 handshakes in
     * flight, about 15 such methods were thrown away, and compiled again under the next burst of new
     * connections on the server's core, 0.37-0.47 s of C2 in the next 10 s (docs/performance.md,
     * "Session 12").
     */
    private void newConnections(String small) throws InterruptedException {
        awaitQuietCompiler();
        for (int i = 0; i < NEW_CONNECTIONS && !late(); i++) {
            Ending ending = i < NEW_CONNECTIONS / 2 ? Ending.CLOSE : Ending.values()[i % Ending.values().length];
            try {
                if (ending.beforeHandshakeEnds()) {
                    giveUpEarly(ending);
                    continue;
                }
                try (SSLSocket s = connect(ending == Ending.SNI ? "localhost" : null)) {
                    s.getOutputStream().write(request("GET", small, ""));
                    if (ending == Ending.RESET_AFTER_REQUEST) {
                        s.setSoLinger(true, 0); // gone before the response: the server writes to a reset connection
                        continue;
                    }
                    expect(readResponse(s.getInputStream(), false, Long.MAX_VALUE), 200, "GET " + small
                            + " (new connection)");
                    s.getSession().invalidate(); // the next handshake is a full one again
                    if (i % 2 == 0) {
                        s.setSoLinger(true, 0); // half of them reset the connection instead of closing it
                    }
                }
                sent.incrementAndGet();
            } catch (IOException e) {
                fail("new connection (" + ending + "): " + e);
            }
        }
    }

    /** How a new connection ends; the second half of the phase takes them in turn. */
    private enum Ending {
        CLOSE(false), SNI(false), RESET_AFTER_REQUEST(false),
        NOTHING_SENT(true), RESET_AFTER_CLIENT_HELLO(true), CLOSE_AFTER_SERVER_HELLO(true);

        private final boolean beforeHandshakeEnds;

        Ending(boolean beforeHandshakeEnds) {
            this.beforeHandshakeEnds = beforeHandshakeEnds;
        }

        boolean beforeHandshakeEnds() {
            return beforeHandshakeEnds;
        }
    }

    /** A connection closed before its handshake is done: with nothing sent, or after the ClientHello. */
    private void giveUpEarly(Ending ending) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            if (ending == Ending.NOTHING_SENT) {
                return;
            }
            s.getOutputStream().write(clientHello());
            if (ending == Ending.RESET_AFTER_CLIENT_HELLO) {
                s.setSoLinger(true, 0);
            } else if (s.getInputStream().read() < 0) { // the server's first flight has begun
                fail("no ServerHello for a ClientHello (new connection)");
            }
        }
    }

    /** The first flight of a TLS client, as the training's own client would send it. */
    private byte[] clientHello() throws SSLException {
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /**
     * Waits until the JIT has compiled nothing for 300 ms (at most 5 s): with a long queue it compiles
     * new methods without their profiles (C1's tier 2), and the new-connection phase is there for
     * exactly those.
     */
    private void awaitQuietCompiler() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long until = System.nanoTime() + QUIET_COMPILER_WAIT.toNanos();
        long last = jit.getTotalCompilationTime();
        for (int quietPolls = 0; quietPolls < 3 && System.nanoTime() - until < 0 && !late(); ) {
            Thread.sleep(100);
            long now = jit.getTotalCompilationTime();
            quietPolls = now == last ? quietPolls + 1 : 0;
            last = now;
        }
    }

    /** Large files over HTTP/1.1: some read to the end, most abandoned part-way by closing the connection. */
    private void largeDownloads(String large) {
        for (int i = 0; i < LARGE_DOWNLOADS + CUT_DOWNLOADS && !late(); i++) {
            boolean cut = i >= LARGE_DOWNLOADS;
            try (SSLSocket s = connect()) {
                s.getOutputStream().write(request("GET", large, ""));
                int status = readResponse(s.getInputStream(), false, cut ? CUT_AFTER_BYTES : Long.MAX_VALUE);
                expect(status, 200, "GET " + large + " (HTTP/1.1" + (cut ? ", abandoned)" : ")"));
            } catch (IOException e) {
                fail("GET " + large + ": " + e);
            }
            sent.incrementAndGet();
        }
    }

    /** An HTTP/1.1 request head; {@code extra} is more header lines, each ending in CRLF. */
    private static byte[] request(String method, String path, String extra) {
        return (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: gatehouse-train\r\n" + extra
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private SSLSocket connect() throws IOException {
        return connect(null);
    }

    /** A new HTTP/1.1 connection over TLS, with {@code serverName} as its SNI (none when null). */
    private SSLSocket connect(String serverName) throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true); // else Nagle holds the request behind the client's Finished for ~40 ms
        SSLParameters p = s.getSSLParameters();
        p.setApplicationProtocols(new String[] {"http/1.1"});
        if (serverName != null) {
            p.setServerNames(List.of(new SNIHostName(serverName)));
        }
        s.setSSLParameters(p);
        return s;
    }

    /**
     * Reads one response's head and up to {@code bodyLimit} bytes of its Content-Length body (all of
     * it when the limit is larger); returns the status code.
     */
    private static int readResponse(InputStream in, boolean head, long bodyLimit) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head");
            }
            buf.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        long length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        if (!head && status != 304) {
            skip(in, Math.min(length, bodyLimit), true);
        }
        return status;
    }

    /**
     * Reads and drops {@code limit} bytes; an earlier end of the stream is an error when
     * {@code mustHaveAll}, else where the body ends (a stream with no length read to its end).
     */
    private static void skip(InputStream in, long limit, boolean mustHaveAll) throws IOException {
        byte[] chunk = new byte[16 * 1024];
        long left = limit;
        while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) {
                if (mustHaveAll) {
                    throw new IOException("connection closed inside a response body");
                }
                return;
            }
            left -= n;
        }
    }

    private void expect(int status, int expected, String what) {
        if (status != expected) {
            fail(what + ": " + status + ", expected " + expected);
        }
    }

    private synchronized void fail(String what) {
        if (failures.size() < 10) {
            failures.add(what);
        }
    }
}
