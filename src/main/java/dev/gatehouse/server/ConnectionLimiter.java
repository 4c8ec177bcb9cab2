package dev.gatehouse.server;

import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.logging.LimitEvents;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Enforces {@code limits.max-connections} and {@code limits.max-connections-per-ip} at accept time:
 * a connection over either limit is closed before any byte is read (no TLS handshake is spent on it).
 * Counts are released when the connection closes.
 */
final class ConnectionLimiter {

    private final Supplier<LimitsConfig> limits;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();

    ConnectionLimiter(Supplier<LimitsConfig> limits) {
        this.limits = limits;
    }

    /** @return false if the channel was refused (and is being closed) */
    boolean admit(Channel channel) {
        LimitsConfig l = limits.get();
        InetAddress ip = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        if (open.incrementAndGet() > l.maxConnections()) {
            open.decrementAndGet();
            LimitEvents.hit(LimitEvents.Kind.MAX_CONNECTIONS, channel.remoteAddress());
            channel.close();
            return false;
        }
        if (ip != null) {
            AtomicInteger count = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
            if (count.incrementAndGet() > l.maxConnectionsPerIp()) {
                release(ip);
                open.decrementAndGet();
                LimitEvents.hit(LimitEvents.Kind.MAX_CONNECTIONS_PER_IP, channel.remoteAddress());
                channel.close();
                return false;
            }
        }
        channel.closeFuture().addListener(f -> {
            open.decrementAndGet();
            if (ip != null) {
                release(ip);
            }
        });
        return true;
    }

    private void release(InetAddress ip) {
        perIp.computeIfPresent(ip, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
    }

    int open() {
        return open.get();
    }
}
