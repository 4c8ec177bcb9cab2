package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole, validated, immutable configuration. A reload builds a new one and swaps it in whole.
 *
 * @param source    the file it came from (null when built in code, e.g. by {@code gatehouse serve})
 * @param sites     every site; the first is the default site
 * @param ioThreads event-loop threads; 0 means one per core
 * @param ops       admin listener, access log format, PROXY protocol
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
        OpsConfig ops) {

    public SiteConfig defaultSite() {
        return sites.get(0);
    }
}
