package dev.gatehouse.proxy;

import dev.gatehouse.config.RouteConfig;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstreams of one proxy route: round robin over those believed up; a server that refused a
 * connection is skipped until its back-off ({@code proxy.retry-after}) has passed. When every
 * upstream is down, they are all tried anyway (the back-off is a preference, not a verdict).
 */
public final class UpstreamGroup {

    final RouteConfig.ProxySettings settings;
    final List<Upstream> upstreams;
    final SslContext sslContext;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean healthStarted = new AtomicBoolean();
    private final List<java.util.concurrent.Future<?>> healthTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private UpstreamGroup(RouteConfig.ProxySettings settings, List<Upstream> upstreams, SslContext sslContext) {
        this.settings = settings;
        this.upstreams = upstreams;
        this.sslContext = sslContext;
    }

    /** @throws IOException when {@code proxy.tls.ca} cannot be read */
    public static UpstreamGroup create(RouteConfig.Proxy config) throws IOException {
        List<Upstream> list = new ArrayList<>();
        boolean anyTls = false;
        for (URI u : config.upstreams()) {
            Upstream up = new Upstream(u);
            anyTls |= up.tls;
            list.add(up);
        }
        SslContext ssl = null;
        if (anyTls) {
            SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
            if (config.settings().caFile() != null) {
                b.trustManager(config.settings().caFile().toFile());
            }
            ssl = b.build();
        }
        return new UpstreamGroup(config.settings(), List.copyOf(list), ssl);
    }

    /** Starts the active health checks, once, when the group has {@code proxy.health-uri}. */
    void startHealthChecks(EventLoop loop, Class<? extends Channel> channelClass) {
        if (settings.healthUri() != null && !closed && healthStarted.compareAndSet(false, true)) {
            healthTasks.addAll(HealthChecks.start(this, loop, channelClass));
        }
    }

    /**
     * The configuration this group belongs to was replaced (reload): stop probing. Pooled idle
     * connections close on their own (idle timeout); exchanges in flight finish normally.
     */
    public void close() {
        closed = true;
        healthTasks.forEach(t -> t.cancel(false));
        healthTasks.clear();
    }

    /** The next upstream to try, not in {@code tried}; null when all have been tried. */
    Upstream pick(Set<Upstream> tried) {
        long now = System.nanoTime();
        int n = upstreams.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        Upstream fallback = null;
        for (int i = 0; i < n; i++) {
            Upstream u = upstreams.get((start + i) % n);
            if (tried.contains(u)) {
                continue;
            }
            if (u.isUp(now)) {
                return u;
            }
            if (fallback == null) {
                fallback = u;
            }
        }
        return fallback;
    }
}
