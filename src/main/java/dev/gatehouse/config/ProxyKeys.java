package dev.gatehouse.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a route's {@code proxy} and {@code proxy.*} keys. */
final class ProxyKeys {

    private ProxyKeys() {
    }

    static RouteConfig.Proxy read(ConfigReader r, String k) {
        List<URI> upstreams = new ArrayList<>();
        for (String v : ValueParsers.list(r.raw(k + "proxy").orElse(""))) {
            try {
                upstreams.add(RouteKeys.upstream(v));
            } catch (IllegalArgumentException e) {
                r.problem(k + "proxy", "\"" + v + "\" (expected: " + e.getMessage() + ")");
            }
        }
        String host = r.raw(k + "proxy.host").orElse(null);
        if (host != null && !host.matches("[0-9A-Za-z.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?")) {
            r.problem(k + "proxy.host", "\"" + host + "\" (expected: a host name, optionally with :port)");
        }
        List<Cidr> trusted = new ArrayList<>();
        for (String v : r.get(k + "proxy.trust-forwarded-from", List.<String>of(), ValueParsers::list)) {
            try {
                trusted.add(Cidr.parse(v));
            } catch (IllegalArgumentException e) {
                r.problem(k + "proxy.trust-forwarded-from", "\"" + v + "\" (expected: " + e.getMessage() + ")");
            }
        }
        String health = r.raw(k + "proxy.health-uri").orElse(null);
        if (health != null && !health.matches("/[\\x21-\\x7e]*")) {
            r.problem(k + "proxy.health-uri", "\"" + health + "\" (expected: a path such as /healthz)");
        }
        Duration healthInterval = RouteKeys.positive(r, k + "proxy.health-interval", Duration.ofSeconds(10));
        Optional<Path> ca = r.path(k + "proxy.tls.ca");
        if (ca.isPresent() && !Files.isRegularFile(ca.get())) {
            r.problem(k + "proxy.tls.ca", "\"" + ca.get() + "\" (expected: a PEM file of CA certificates)");
        }
        Duration connect = RouteKeys.positive(r, k + "proxy.connect-timeout", Duration.ofSeconds(5));
        Duration read = RouteKeys.positive(r, k + "proxy.read-timeout", Duration.ofSeconds(60));
        Duration retry = RouteKeys.positive(r, k + "proxy.retry-after", Duration.ofSeconds(10));
        long maxHeader = r.get(k + "proxy.max-header-size", 32L * 1024, ValueParsers::size);
        if (maxHeader < 1024 || maxHeader > 1024 * 1024) {
            r.problem(k + "proxy.max-header-size", "\"" + maxHeader + "\" (expected: a size from 1KiB to 1MiB)");
            maxHeader = 32 * 1024;
        }
        return new RouteConfig.Proxy(List.copyOf(upstreams), new RouteConfig.ProxySettings(host, List.copyOf(trusted),
                health, healthInterval, ca.orElse(null), connect, read, retry, (int) maxHeader));
    }
}
