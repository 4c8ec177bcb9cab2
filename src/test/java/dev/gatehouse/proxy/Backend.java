package dev.gatehouse.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;

/** A JDK HttpServer on loopback that the proxy tests forward to; it records which connections it saw. */
final class Backend implements AutoCloseable {

    final HttpServer server;
    final String name;
    final Set<String> connections = ConcurrentHashMap.newKeySet();
    volatile int healthStatus = 200;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    Backend(String name) throws IOException {
        this(name, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
    }

    /** Also for an {@code HttpsServer} configured by the caller. */
    Backend(String name, HttpServer server) {
        this.name = name;
        this.server = server;
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Deterministic content: byte i of a generated body. */
    static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 11));
    }

    private void handle(HttpExchange ex) throws IOException {
        connections.add(ex.getRemoteAddress().toString());
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            if (path.endsWith("/echo")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                TreeMap<String, String> h = new TreeMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), String.join(" | ", v)));
                String text = "backend=" + name + "\nmethod=" + ex.getRequestMethod() + "\nuri=" + ex.getRequestURI().getRawPath()
                        + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery())
                        + "\nbody=" + new String(body, StandardCharsets.UTF_8) + "\n";
                StringBuilder sb = new StringBuilder(text);
                h.forEach((k, v) -> sb.append("h.").append(k).append('=').append(v).append('\n'));
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.getResponseHeaders().set("X-Backend", name);
                ex.getResponseHeaders().set("Keep-Alive", "timeout=5");
                send(ex, 200, sb.toString().getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/chunked")) {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (int i = 0; i < 5; i++) {
                        out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } else if (path.endsWith("/big")) {
                long size = Long.parseLong(ex.getRequestURI().getQuery().substring("size=".length()));
                ex.sendResponseHeaders(200, size);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] buf = new byte[64 * 1024];
                    for (long off = 0; off < size; off += buf.length) {
                        int n = (int) Math.min(buf.length, size - off);
                        for (int i = 0; i < n; i++) {
                            buf[i] = pattern(off + i);
                        }
                        out.write(buf, 0, n);
                    }
                }
            } else if (path.endsWith("/upload")) {
                CRC32 crc = new CRC32();
                long count = 0;
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = ex.getRequestBody()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                        count += n;
                    }
                }
                send(ex, 200, (count + " " + Long.toHexString(crc.getValue())).getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/healthz")) {
                send(ex, healthStatus, "health".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/huge-head")) {
                ex.getResponseHeaders().set("X-Big", "x".repeat(40 * 1024));
                send(ex, 200, "big head".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/slow")) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(ex, 200, "late".getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 404, "nope".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
