package dev.gatehouse.routing;

import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.http.Reply;
import java.nio.file.Path;
import java.util.List;

/**
 * The router's verdict for one request, plus the response header edits of every route that matched
 * on the way (to be applied, in order, to whatever response is finally sent) and the user that basic
 * authentication let in (for the access log). Request header edits matter to proxied requests only.
 */
public record Decision(Outcome outcome, List<RouteConfig.HeaderEdit> headerEdits,
        List<RouteConfig.HeaderEdit> requestHeaderEdits, String user) {

    public sealed interface Outcome {
    }

    /** Answered by the router itself: redirect, respond, 401, 403, 500. */
    public record Answer(Reply reply) implements Outcome {
    }

    /** No route took it: the site's static handler serves {@code rawPath} (possibly rewritten). */
    public record Static(String rawPath, String query) implements Outcome {
    }

    /** A mount: serve {@code rawPath} (prefix already stripped) from {@code root}. */
    public record Mount(Path root, String rawPath, String query) implements Outcome {
    }

    /** Forward to the upstreams of the route named {@code routeKey}. */
    public record Proxy(String routeKey, RouteConfig.Proxy config, String rawPath, String query) implements Outcome {
    }
}
