package dev.gatehouse.config;

import java.util.List;

/**
 * A site: the names it answers to, its certificate and its files. The flat {@code tls.*} and
 * {@code static.*} keys make the default site, id {@code default}.
 *
 * @param hsts            the {@code Strict-Transport-Security} value, or null to send none
 * @param securityHeaders whether the {@code headers.security} preset (nosniff, Referrer-Policy,
 *                        X-Frame-Options) is added to every response before route header edits
 * @param routes          the site's {@code route.<n>.*} entries in the order they are tried
 */
public record SiteConfig(String id, List<String> serverNames, TlsConfig tls, StaticConfig staticFiles, String hsts,
        boolean securityHeaders, List<RouteConfig> routes) {
}
