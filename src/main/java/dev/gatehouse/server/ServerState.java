package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ServerNames;
import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.files.StaticFileHandler;
import dev.gatehouse.tls.LoadedTls;
import dev.gatehouse.tls.TlsSetupException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a connection needs that comes from configuration, built in one go and validated before
 * use. Connections read the current state from an atomic reference, so a reload can swap it whole.
 */
public record ServerState(ServerConfig config, List<Site> sites, Map<String, Site> exactNames,
        Map<String, Site> wildcardSuffixes) {

    /**
     * The sites and their names indexed once: every request (Host against the connection's site) and
     * every handshake (SNI) looks a name up, and a scan of every site's every pattern grows with the
     * number of sites, as nginx's hashed server names do not.
     */
    public ServerState(ServerConfig config, List<Site> sites) {
        this(config, sites, index(sites, false), index(sites, true));
    }

    /** Names in lower case; for wildcards ("*.example.org") the suffix (".example.org"); the first site wins. */
    private static Map<String, Site> index(List<Site> sites, boolean wildcards) {
        Map<String, Site> index = new HashMap<>();
        for (Site site : sites) {
            for (String pattern : site.config().serverNames()) {
                String p = pattern.toLowerCase(Locale.ROOT);
                if (p.startsWith("*.") == wildcards) {
                    index.putIfAbsent(wildcards ? p.substring(1) : p, site);
                }
            }
        }
        return Map.copyOf(index);
    }

    public Site defaultSite() {
        return sites.get(0);
    }

    /**
     * The site a server name (SNI or Host) belongs to: an exact name wins over a wildcard, whichever
     * site declares them; null when no site names it (the default site declares no names). As
     * {@link ServerNames#matches}: case does not matter, a trailing dot is ignored, and a wildcard
     * stands for exactly one label.
     *
     * <p>The launcher names this method (scripts/gatehouse, {@code -XX:CompileCommand=dontinline}):
     * keep its name and signature, or change the launcher with it.
     */
    public Site siteNamed(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String host = name.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        Site exact = exactNames.get(host);
        if (exact != null || wildcardSuffixes.isEmpty()) {
            return exact;
        }
        int dot = host.indexOf('.');
        return dot > 0 ? wildcardSuffixes.get(host.substring(dot)) : null;
    }

    public static ServerState build(ServerConfig config, List<String> alpn) throws TlsSetupException, IOException {
        List<Site> sites = new ArrayList<>();
        for (SiteConfig site : config.sites()) {
            LoadedTls tls = LoadedTls.load(site.tls(), alpn);
            SiteRoutes routes;
            try {
                routes = SiteRoutes.build(site);
            } catch (IllegalArgumentException e) {
                // Route problems only visible once compiled (unknown template capture, users file content).
                throw new IOException(e.getMessage(), e);
            }
            sites.add(new Site(site, tls, new StaticFileHandler(site.staticFiles()), routes));
        }
        return new ServerState(config, List.copyOf(sites));
    }
}
