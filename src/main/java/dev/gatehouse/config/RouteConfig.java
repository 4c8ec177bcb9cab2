package dev.gatehouse.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code route.<n>.*} entry: what it matches, at most one action, response header edits and access
 * rules. Values are validated; the routing package compiles them into a matcher.
 *
 * @param key          the key prefix, e.g. {@code route.10} or {@code site.blog.route.10} (for messages)
 * @param match        the path pattern ({@code /a}, {@code /a/**}, {@code /u/{name}}, {@code ~regex}), or null for any
 * @param methods      upper-case method names, empty for any
 * @param hosts        lower-case host names (no port), {@code *.example.org} for one label, empty for any
 * @param headerMatches request header name (lower-case) → regex the value must match (find)
 * @param action       null for a route that only edits headers or checks access and falls through
 * @param headerEdits  response header edits ({@code header.set/add/remove.<Name>})
 * @param requestHeaderEdits edits of the request headers sent upstream ({@code request-header.*}; proxy only)
 */
public record RouteConfig(
        String key,
        long order,
        String match,
        List<String> methods,
        List<String> hosts,
        Map<String, Pattern> headerMatches,
        List<Cidr> clientIps,
        Action action,
        List<HeaderEdit> headerEdits,
        List<HeaderEdit> requestHeaderEdits,
        List<Cidr> allow,
        List<Cidr> deny,
        BasicAuth basicAuth) {

    /** What a matching route does. */
    public sealed interface Action {
    }

    public record Redirect(String target, int status) implements Action {
    }

    public record Rewrite(String target) implements Action {
    }

    /** Serve from another folder; {@code stripPrefix} is removed from the path first (may be empty). */
    public record Mount(Path root, String stripPrefix) implements Action {
    }

    public record Respond(int status, String body) implements Action {
    }

    public record Proxy(List<URI> upstreams, ProxySettings settings) implements Action {
    }

    /**
     * @param host               Host sent upstream, or null to pass the client's
     * @param trustForwardedFrom peers whose X-Forwarded-* and Forwarded headers are kept and extended
     * @param healthUri          path probed on each upstream, or null for passive health only
     * @param caFile             PEM CA certificates for https upstreams, or null for the JDK trust store
     */
    public record ProxySettings(String host, List<Cidr> trustForwardedFrom, String healthUri, Duration healthInterval,
            Path caFile, Duration connectTimeout, Duration readTimeout, Duration retryAfter, int maxHeaderSize) {
    }

    /** A response header edit, applied in the order routes matched. */
    public record HeaderEdit(Op op, String name, String value) {
        public enum Op { SET, ADD, REMOVE }
    }

    public record BasicAuth(Path usersFile, String realm) {
    }
}
