package dev.gatehouse.server;

import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.PlainMode;
import dev.gatehouse.config.OpsConfig;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.logging.AccessLog;
import dev.gatehouse.systemd.InheritedSockets;
import dev.gatehouse.tls.SslContexts;
import dev.gatehouse.tls.TlsEngine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: an event-loop group that accepts and serves ({@link IoLoopGroup}), the HTTPS
 * listener and, unless {@code listener.http.mode=off}, the plain listener. The configuration-derived {@link ServerState}
 * sits in an atomic reference that {@link #swap} replaces whole.
 */
public final class GatehouseServer {

    /**
     * Netty's default read-size policy, one instance for all connections: the default config would
     * give each connection its own (stateless) copy, 32 bytes per idle connection (issue 9, W6).
     */
    private static final io.netty.channel.RecvByteBufAllocator RECV_ALLOCATOR =
            new io.netty.channel.AdaptiveRecvByteBufAllocator();

    private static final Logger LOG = LoggerFactory.getLogger(GatehouseServer.class);

    private final AtomicReference<ServerState> state;
    /** Buffers in each loop's io_uring read ring, 0 for none; fixed at start like the loops themselves. */
    private final int readBufferRing;
    private final EventLoopGroup group;
    private final Transports transport;
    private final ConnectionTracker tracker = new ConnectionTracker();
    private final ConnectionLimiter limiter;
    private final RateLimiter rateLimiter;
    private final List<Channel> listeners = new ArrayList<>();
    private volatile int httpsPort = -1;
    private volatile int httpPort = -1;
    private final InheritedSockets inherited;
    private final Instant started = Instant.now();
    private volatile Channel admin;

    private GatehouseServer(ServerState state, InheritedSockets inherited, Transports transport) {
        this.state = new AtomicReference<>(state);
        this.inherited = inherited;
        this.transport = transport;
        this.limiter = new ConnectionLimiter(() -> this.state.get().config().limits());
        var limits = state.config().limits();
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), limits.rateBurst(), limits.rateMaxClients(),
                System::nanoTime);
        int threads = state.config().ioThreads();
        int bufferRing = state.config().bufferRing();
        this.readBufferRing = transport.sharesReadBuffers(bufferRing) ? bufferRing : 0;
        this.group = new IoLoopGroup(threads, "gatehouse-io", transport.ioHandlerFactory(bufferRing));
    }

    public static GatehouseServer start(ServerState state) throws StartupException {
        return start(state, InheritedSockets.none());
    }

    /** Serves on sockets passed by systemd where there are some, binds the others. */
    public static GatehouseServer start(ServerState state, InheritedSockets inherited) throws StartupException {
        Transports transport;
        try {
            transport = Transports.choose(state.config().transport(), inherited.any());
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage(), null);
        }
        GatehouseServer server = new GatehouseServer(state, inherited, transport);
        FirstUseClasses.load();
        try {
            server.bind();
        } catch (StartupException e) {
            server.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return server;
    }

    /** The event-loop transport in use ({@code epoll}, {@code io_uring} or {@code nio}). */
    String transportLabel() {
        return transport.label();
    }

    /**
     * The cap of each loop's io_uring read-buffer ring ({@code server.io-uring-buffer-ring}), or 0 when
     * connections read into buffers of their own (the ring is off, another transport, an older kernel).
     */
    int readBufferRing() {
        return readBufferRing;
    }

    private void bind() throws StartupException {
        ServerConfig config = state.get().config();
        HttpsChannelInitializer httpsInitializer = new HttpsChannelInitializer(state::get, tracker, limiter, rateLimiter,
                this::publicHttpsPort);
        Channel https = bind("listener.https", config.https(), httpsInitializer);
        httpsPort = ((InetSocketAddress) https.localAddress()).getPort();
        logTls(config);
        LOG.info("HTTPS listening on {} ({} transport{}; ALPN {}; plain HTTP on this port {})", describe(https),
                transport.label(), readBufferRing > 0 ? ", read buffer ring of up to " + readBufferRing : "",
                String.join(",", config.protocols().alpn()),
                config.protocols().unified() ? "redirected" : "refused");
        if (config.plainMode() != PlainMode.OFF) {
            Channel http = bind("listener.http", config.http(),
                    new PlainChannelInitializer(state::get, tracker, this::publicHttpsPort, limiter, rateLimiter,
                            httpsInitializer));
            httpPort = ((InetSocketAddress) http.localAddress()).getPort();
            LOG.info("HTTP listening on {}, mode {} (HTTPS port {})", describe(http), config.plainMode().key(),
                    publicHttpsPort());
        }
        AccessLog.format(config.ops().accessLogFormat());
        AccessLog.flushInterval(config.ops().accessLogFlush());
        bindAdmin(config.ops().admin());
    }

    private Channel bind(String key, ListenerConfig listener, ChannelHandler initializer) throws StartupException {
        Optional<Integer> fd = inherited.fd(key.substring("listener.".length()));
        if (fd.isPresent()) {
            return adopt(key, fd.get(), listener, initializer);
        }
        InetSocketAddress address = listener.address() == null
                ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.address(), listener.port());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // No TCP_NODELAY child option: every Netty transport turns it on for accepted
                // sockets already (TransportsTest checks), and setting it again cost a system call
                // per connection.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECV_ALLOCATOR)
                .childHandler(initializer);
        transport.deferAccept(bootstrap, listener.deferAccept());
        if (readBufferRing > 0) {
            Transports.useBufferRing(bootstrap);
        }
        try {
            Channel channel = bootstrap.bind(address).sync().channel();
            listeners.add(channel);
            return channel;
        } catch (Exception e) {
            closeListeners();
            throw new StartupException(BindErrors.explain(key, listener.display(), listener.port(), e), e);
        }
    }

    /**
     * Socket activation: the descriptor is bound and listening already (systemd did it, with the
     * privileges it has), so it is only registered; {@code listener.*.address/port} do not apply, but
     * {@code listener.*.defer-accept} does.
     */
    private Channel adopt(String key, int fd, ListenerConfig listener, ChannelHandler initializer)
            throws StartupException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(() -> Transports.inheritedServerChannel(fd))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECV_ALLOCATOR)
                .childHandler(initializer);
        try {
            Channel channel = bootstrap.register().sync().channel();
            if (!(channel.localAddress() instanceof InetSocketAddress)) {
                channel.close();
                throw new IllegalStateException("fd " + fd + " is not a listening TCP socket");
            }
            Transports.deferAccept(channel, listener.deferAccept());
            listeners.add(channel);
            LOG.info("{}: using the socket passed by systemd (fd {})", key, fd);
            return channel;
        } catch (Exception e) {
            closeListeners();
            throw new StartupException(key + ": cannot use the socket passed by systemd (fd " + fd + "): "
                    + e.getMessage(), e);
        }
    }

    /** The admin listener is separate from {@link #listeners}: it keeps answering while those drain. */
    private void bindAdmin(OpsConfig.AdminConfig config) throws StartupException {
        if (!config.enabled()) {
            return;
        }
        AdminHandler handler = new AdminHandler(this, new ServerGauges(state::get, tracker),
                () -> state.get().config().ops().admin().token());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new AdminChannelInitializer(handler));
        try {
            admin = bootstrap.bind(new InetSocketAddress(config.address(), config.port())).sync().channel();
        } catch (Exception e) {
            closeListeners();
            throw new StartupException(BindErrors.explain("admin", config.address() + ":" + config.port(),
                    config.port(), e), e);
        }
        LOG.info("admin listening on http://{} (/metrics, /health, /status{})", describe(admin),
                config.token() == null ? "" : "; bearer token required");
    }

    /** -1 when the admin listener is off. */
    public int adminPort() {
        Channel a = admin;
        return a == null ? -1 : ((InetSocketAddress) a.localAddress()).getPort();
    }

    public boolean draining() {
        return tracker.draining();
    }

    /** The {@code /status} document. */
    public String statusJson() {
        return StatusDocument.render(this, started);
    }

    private void logTls(ServerConfig config) {
        ServerState current = state.get();
        for (Site site : current.sites()) {
            var tls = site.tls();
            StringBuilder certificates = new StringBuilder();
            for (var m : tls.materials()) {
                certificates.append(certificates.length() == 0 ? "" : " + ").append(m.leaf().getSubjectX500Principal().getName())
                        .append(" (").append(m.keyType()).append(", serial ").append(m.leaf().getSerialNumber().toString(16))
                        .append(", expires ").append(m.leaf().getNotAfter().toInstant()).append(')');
            }
            LOG.info("site {} ({}): TLS engine {}; protocols {}; ciphers {}; groups {}; "
                            + "certificate {}",
                    site.config().id(), site.config().serverNames().isEmpty() ? "default"
                            : String.join(",", site.config().serverNames()),
                    TlsEngine.describe(tls.provider()), String.join(",", tls.config().protocols()),
                    String.join(",", tls.context().cipherSuites()), SslContexts.groups(tls.provider()), certificates);
            if (tls.materials().size() > 1) {
                LOG.info("site {}: ECDSA and RSA certificates: this site uses the JDK TLS engine, which picks one per"
                        + " handshake (BoringSSL holds one certificate per context)", site.config().id());
            }
        }
    }

    private static String describe(Channel channel) {
        InetSocketAddress a = (InetSocketAddress) channel.localAddress();
        return (a.getAddress().isAnyLocalAddress() ? "*" : a.getHostString()) + ":" + a.getPort();
    }

    /** The port clients are redirected to: the configured one, or the bound one when it was 0. */
    private int publicHttpsPort() {
        int configured = state.get().config().https().port();
        return configured == 0 || inherited.fd("https").isPresent() ? httpsPort : configured;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** -1 when the plain listener is off. */
    public int httpPort() {
        return httpPort;
    }

    public ServerState state() {
        return state.get();
    }

    /** New connections use the new state; established ones keep what they had. */
    public void swap(ServerState next) {
        ServerState previous = state.getAndSet(next);
        // Routes the new state no longer uses stop their background work (health checks).
        java.util.Set<SiteRoutes> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        next.sites().forEach(site -> kept.add(site.routes()));
        previous.sites().stream().map(Site::routes).filter(r -> !kept.contains(r)).forEach(SiteRoutes::close);
        AccessLog.format(next.config().ops().accessLogFormat());
        AccessLog.flushInterval(next.config().ops().accessLogFlush());
    }

    public int openConnections() {
        return tracker.open();
    }

    /** The open client connections, for tests that check what the server set on its sockets. */
    List<Channel> connections() {
        return tracker.channels();
    }

    /**
     * Graceful stop: no new connections, idle ones closed, in-flight responses may finish within
     * {@code grace}; whatever still runs then is cut.
     *
     * @return true if every connection finished within the grace period
     */
    public boolean stop(Duration grace) {
        closeListeners();
        tracker.drain();
        long deadline = System.nanoTime() + grace.toNanos();
        while (tracker.open() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean clean = tracker.open() == 0;
        if (!clean) {
            LOG.warn("shutdown grace period ({}) over: closing {} connection(s) with responses in flight",
                    grace, tracker.open());
            tracker.closeAll();
        }
        Channel a = admin;
        if (a != null) {
            a.close().awaitUninterruptibly(2_000);
        }
        AccessLog.flush();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        return clean;
    }

    private void closeListeners() {
        for (Channel channel : listeners) {
            channel.close().awaitUninterruptibly(2_000);
        }
        listeners.clear();
    }
}
