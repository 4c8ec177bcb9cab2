package dev.gatehouse.server;

import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.ServerNames;
import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.files.StaticFileHandler;
import dev.gatehouse.tls.LoadedTls;
import dev.gatehouse.tls.TlsSetupException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a connection needs that comes from configuration, built in one go and validated before
 * use. Connections read the current state from an atomic reference, so a reload can swap it whole.
 */
public record ServerState(ServerConfig config, List<Site> sites) {

    public Site defaultSite() {
        return sites.get(0);
    }

    /**
     * The site a server name (SNI or Host) belongs to: an exact name wins over a wildcard, whichever
     * site declares them; null when no site names it (the default site declares no names).
     */
    public Site siteNamed(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        for (Site site : sites) {
            for (String pattern : site.config().serverNames()) {
                if (!pattern.startsWith("*.") && ServerNames.matches(pattern, name)) {
                    return site;
                }
            }
        }
        for (Site site : sites) {
            for (String pattern : site.config().serverNames()) {
                if (pattern.startsWith("*.") && ServerNames.matches(pattern, name)) {
                    return site;
                }
            }
        }
        return null;
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
