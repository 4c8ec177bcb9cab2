package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole, validated, immutable configuration. A reload builds a new one and swaps it in whole.
 *
 * @param source    the file it came from (null when built in code, e.g. by {@code gatehouse serve})
 * @param sites     every site; the first is the default site
 * @param ioThreads event-loop threads; 0 means one per core
 * @param transport the event-loop transport ({@code server.transport})
 * @param bufferRing how many read buffers each io_uring event loop may share among its connections
 *     ({@code server.io-uring-buffer-ring}); 0 = off, every connection reads into its own buffer
 * @param ops       admin listener, access log format, PROXY protocol
 * @param rejectUnknownSni refuse handshakes whose SNI names no site (and those without SNI) with an
 *     {@code unrecognized_name} alert instead of answering with the default site
 * @param pidFile where the daemon writes its process id ({@code run.pid-file}), or null for none
 * @param protocols what the HTTPS port speaks (ALPN list, port unification, HTTP/2 settings)
 */
public record ServerConfig(
        Path source,
        ListenerConfig https,
        ListenerConfig http,
        PlainMode plainMode,
        List<SiteConfig> sites,
        TimeoutsConfig timeouts,
        LimitsConfig limits,
        boolean accessLog,
        int ioThreads,
        IoTransport transport,
        int bufferRing,
        OpsConfig ops,
        boolean rejectUnknownSni,
        Path pidFile,
        ProtocolsConfig protocols) {

    /** Default of {@code server.io-uring-buffer-ring}: the ring's cap; it starts with 16 buffers. */
    public static final int DEFAULT_BUFFER_RING = 256;

    public SiteConfig defaultSite() {
        return sites.get(0);
    }
}
