package dev.gatehouse.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One upstream server: where it is, whether it is believed down, and its idle keep-alive connections,
 * kept per event loop so that a connection is only ever used by the loop that owns the client channel
 * (no locks, no cross-thread hand-offs). Each per-loop deque is touched by its own loop only.
 */
final class Upstream {

    private static final int MAX_IDLE_PER_LOOP = 64;

    final URI uri;
    final String host;
    final int port;
    final boolean tls;
    /** The upstream URL's path without trailing slash, prefixed to every forwarded path. */
    final String basePath;
    final String label;
    private volatile long downUntilNanos;
    /** The last active health verdict (for logging changes only); written by the probing loop. */
    volatile boolean probedHealthy = true;
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();

    Upstream(URI uri) {
        this.uri = uri;
        this.tls = uri.getScheme().equalsIgnoreCase("https");
        String h = uri.getHost();
        this.host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String p = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.label = (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    boolean isUp(long now) {
        return now - downUntilNanos >= 0;
    }

    /** Passive health: a connect failure takes the upstream out of rotation for the back-off. */
    void markDown(long backoffNanos) {
        downUntilNanos = System.nanoTime() + backoffNanos;
    }

    void markUp() {
        downUntilNanos = System.nanoTime();
    }

    /** An idle connection of this loop that is still open, or null. Call on {@code loop}. */
    Channel poll(EventLoop loop) {
        ArrayDeque<Channel> q = idle.get(loop);
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollLast();
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** Parks a connection whose last exchange ended cleanly. Call on the channel's loop. */
    void release(Channel ch) {
        ArrayDeque<Channel> q = idle.computeIfAbsent(ch.eventLoop(), l -> new ArrayDeque<>());
        if (q.size() >= MAX_IDLE_PER_LOOP || !ch.isActive()) {
            ch.close();
            return;
        }
        q.addLast(ch);
        ch.closeFuture().addListener(f -> q.remove(ch));
    }
}
