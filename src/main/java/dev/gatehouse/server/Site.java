package dev.gatehouse.server;

import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.files.StaticFileHandler;
import dev.gatehouse.tls.LoadedTls;

/**
 * A site ready to serve: its config, its TLS context, its file handler, its routes and the security
 * fields its responses carry. Immutable.
 */
public record Site(SiteConfig config, LoadedTls tls, StaticFileHandler files, SiteRoutes routes,
        SecurityHeaders securityHeaders) {

    public Site(SiteConfig config, LoadedTls tls, StaticFileHandler files, SiteRoutes routes) {
        this(config, tls, files, routes, SecurityHeaders.of(config));
    }
}
