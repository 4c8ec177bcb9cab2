package dev.gatehouse.systemd;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sd_notify(3)} protocol: newline-separated {@code KEY=value} datagrams sent to the Unix
 * socket named by {@code $NOTIFY_SOCKET} (a path, or an abstract-namespace name starting with '@').
 * Used with {@code Type=notify}: {@code READY=1} once the listeners are bound, {@code RELOADING=1}
 * and {@code READY=1} around a reload, {@code STOPPING=1} when draining starts, {@code STATUS=} lines
 * for {@code systemctl status}, and {@code WATCHDOG=1} every half of {@code $WATCHDOG_USEC}.
 *
 * <p>Without {@code $NOTIFY_SOCKET} (not started by systemd) or without the epoll transport every
 * method does nothing. A failed send is logged once at WARN and never fails the caller: readiness
 * reporting must not take the server down.
 */
public final class SystemdNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    private static final SystemdNotifier DISABLED = new SystemdNotifier(null, null, null, 0);

    private final EventLoopGroup group;
    private final EpollDomainDatagramChannel channel;
    private final DomainSocketAddress target;
    private final long watchdogMicros;
    private volatile ScheduledFuture<?> watchdog;
    private volatile boolean warned;

    private SystemdNotifier(EventLoopGroup group, EpollDomainDatagramChannel channel, DomainSocketAddress target,
            long watchdogMicros) {
        this.group = group;
        this.channel = channel;
        this.target = target;
        this.watchdogMicros = watchdogMicros;
    }

    public static SystemdNotifier disabled() {
        return DISABLED;
    }

    /** From the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID}). */
    public static SystemdNotifier fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    public static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return DISABLED;
        }
        if (!Epoll.isAvailable()) {
            LOG.warn("NOTIFY_SOCKET is set but the epoll transport is unavailable: cannot notify systemd ({})",
                    String.valueOf(Epoll.unavailabilityCause()));
            return DISABLED;
        }
        // Abstract namespace: '@' in the variable, a leading NUL byte in the address.
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        long watchdog = watchdogMicros(env, pid);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gatehouse-systemd", true),
                EpollIoHandler.newFactory());
        try {
            EpollDomainDatagramChannel channel = new EpollDomainDatagramChannel();
            // Unbound and unconnected, like sd_notify's socket: each datagram names its recipient.
            channel.config().setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true);
            group.register(channel).syncUninterruptibly();
            return new SystemdNotifier(group, channel, new DomainSocketAddress(path), watchdog);
        } catch (RuntimeException e) {
            LOG.warn("cannot open a socket to notify systemd at {}: {}", socket, e.toString());
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            return DISABLED;
        }
    }

    /** {@code WATCHDOG_USEC}, if set, positive, and meant for this process ({@code WATCHDOG_PID}). */
    static long watchdogMicros(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return 0;
        }
        try {
            long v = Long.parseLong(usec.trim());
            return v > 0 ? v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public boolean enabled() {
        return channel != null;
    }

    /** The watchdog interval systemd asked for, or zero. */
    public Duration watchdogInterval() {
        return Duration.ofNanos(watchdogMicros * 1000);
    }

    /** Listeners bound and serving: {@code READY=1} and a status line; starts the watchdog pings. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status) + "\nMAINPID=" + ProcessHandle.current().pid());
        startWatchdog();
    }

    /** A reload starts; follow with {@link #ready} (or {@link #status} on failure, then {@link #ready}). */
    public void reloading(String status) {
        // MONOTONIC_USEC is required by Type=notify-reload (systemd 253+) and ignored by older versions.
        send("RELOADING=1\nSTATUS=" + oneLine(status) + "\nMONOTONIC_USEC=" + monotonicMicros());
    }

    /** Draining for shutdown. */
    public void stopping(String status) {
        stopWatchdog();
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    private void startWatchdog() {
        if (channel == null || watchdogMicros == 0 || watchdog != null) {
            return;
        }
        long every = Math.max(1, watchdogMicros / 2);
        // Pinged from the notifier's own thread: a stuck I/O loop elsewhere does not stop it, but a
        // stuck or starved JVM does, which is what the watchdog is meant to catch.
        watchdog = channel.eventLoop().scheduleAtFixedRate(() -> send("WATCHDOG=1"), 0, every, TimeUnit.MICROSECONDS);
    }

    private void stopWatchdog() {
        ScheduledFuture<?> w = watchdog;
        if (w != null) {
            w.cancel(false);
        }
    }

    private static long monotonicMicros() {
        // CLOCK_MONOTONIC is what System.nanoTime() reads on Linux.
        return System.nanoTime() / 1000;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private void send(String message) {
        if (channel == null) {
            return;
        }
        var packet = new DomainDatagramPacket(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8), target);
        channel.writeAndFlush(packet).addListener(f -> {
            if (!f.isSuccess() && !warned) {
                warned = true;
                LOG.warn("cannot notify systemd via NOTIFY_SOCKET: {}", f.cause().toString());
            }
        }).awaitUninterruptibly(1_000);
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        stopWatchdog();
        channel.close().awaitUninterruptibly(1_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2_000);
    }
}
