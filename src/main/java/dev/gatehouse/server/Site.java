package dev.gatehouse.server;

import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.files.StaticFileHandler;
import dev.gatehouse.tls.LoadedTls;

/** A site ready to serve: its config, its TLS context, its file handler and its routes. Immutable. */
public record Site(SiteConfig config, LoadedTls tls, StaticFileHandler files, SiteRoutes routes) {
}
