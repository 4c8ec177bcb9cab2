package dev.gatehouse.server;

import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.config.StaticConfig;
import dev.gatehouse.files.StaticFileHandler;
import dev.gatehouse.proxy.UpstreamGroup;
import dev.gatehouse.routing.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A site's compiled route table, the file handlers of its mounts ({@code route.<n>.root}) and the
 * upstream groups of its proxy routes (by route key).
 */
record SiteRoutes(Router router, Map<Path, StaticFileHandler> mounts, Map<String, UpstreamGroup> proxies) {

    static SiteRoutes build(SiteConfig site) throws IOException {
        Map<Path, StaticFileHandler> mounts = new HashMap<>();
        Map<String, UpstreamGroup> proxies = new HashMap<>();
        for (RouteConfig route : site.routes()) {
            if (route.action() instanceof RouteConfig.Mount m && !mounts.containsKey(m.root())) {
                mounts.put(m.root(), new StaticFileHandler(mount(site.staticFiles(), m.root())));
            }
            if (route.action() instanceof RouteConfig.Proxy p) {
                proxies.put(route.key(), UpstreamGroup.create(p));
            }
        }
        return new SiteRoutes(Router.build(site.routes()), Map.copyOf(mounts), Map.copyOf(proxies));
    }

    /**
     * A mount serves its folder with the site's static settings (index files, types, compression,
     * caching, symlink policy), but without try-files and error pages: those name paths in the site's
     * own root. Each mount has caches of its own, of the site's sizes.
     */
    private static StaticConfig mount(StaticConfig site, Path root) {
        return new StaticConfig(root, site.indexFiles(), site.maxRanges(), site.mimeTypes(), site.precompressed(),
                site.compress(), site.compressMinSize(), site.compressMaxSize(), site.cacheSize(),
                site.directoryListing(), List.of(), Map.of(), site.cacheControl(), site.symlinks(), site.fileCacheSize(),
                site.fileCacheMaxFileSize(), site.metadataCacheTtl());
    }

    /** Stops what this site's routes run in the background (active health checks). */
    void close() {
        proxies.values().forEach(UpstreamGroup::close);
    }
}
