package dev.gatehouse.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
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
    /** Idle pooled connections are closed after this, before most servers' keep-alive timeouts. */
    private static final int POOL_IDLE_SECONDS = 30;
    private static final String POOLED = "pooled";

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
                ch.pipeline().remove(POOLED);
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
        ch.pipeline().addLast(POOLED, new PooledIdle());
        ch.closeFuture().addListener(f -> q.remove(ch));
    }

    /**
     * While a connection waits in the pool: closes it after {@link #POOL_IDLE_SECONDS} without use, or
     * when the upstream sends anything (a stray response, a 408) before it was asked.
     */
    private static final class PooledIdle extends IdleStateHandler {
        PooledIdle() {
            super(0, 0, POOL_IDLE_SECONDS);
        }

        @Override
        protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }
}
