package dev.gatehouse.routing;

import dev.gatehouse.config.Cidr;
import dev.gatehouse.config.RouteConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/** One compiled route: its matchers, its compiled templates and its authenticator. Immutable apart from a log-once flag. */
final class Route {

    final RouteConfig config;
    final PathPattern pattern;
    final Template target;
    final BasicAuthenticator auth;
    final AtomicBoolean loopLogged = new AtomicBoolean();

    Route(RouteConfig config, PathPattern pattern, Template target, BasicAuthenticator auth) {
        this.config = config;
        this.pattern = pattern;
        this.target = target;
        this.auth = auth;
    }

    /** The captures when every matcher of the route accepts the request, else null. */
    Map<String, String> match(RouteRequest request, String canonicalPath) {
        RouteConfig c = config;
        if (!c.methods().isEmpty() && !c.methods().contains(request.method())
                && !(request.method().equals("HEAD") && c.methods().contains("GET"))) {
            return null;
        }
        if (!c.hosts().isEmpty() && !hostMatches(c.hosts(), request.host())) {
            return null;
        }
        for (Map.Entry<String, Pattern> h : c.headerMatches().entrySet()) {
            List<String> values = request.headers().getAll(h.getKey());
            if (values.stream().noneMatch(v -> h.getValue().matcher(v).find())) {
                return null;
            }
        }
        if (!c.clientIps().isEmpty() && !inAny(c.clientIps(), request)) {
            return null;
        }
        return pattern == null ? Map.of() : pattern.match(canonicalPath);
    }

    static boolean inAny(List<Cidr> blocks, RouteRequest request) {
        return request.client() != null && blocks.stream().anyMatch(b -> b.contains(request.client()));
    }

    private static boolean hostMatches(List<String> hosts, String host) {
        for (String h : hosts) {
            if (h.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot).equals(h.substring(1))) {
                    return true;
                }
            } else if (h.equals(host)) {
                return true;
            }
        }
        return false;
    }

    Set<String> captureNames() {
        return pattern == null ? Set.of() : pattern.captureNames();
    }
}
