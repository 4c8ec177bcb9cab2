package dev.gatehouse.routing;

import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table of one site. Contract: routes are tried in ascending {@code n}; a matching route
 * first checks its access rules (deny, allow, then basic auth), then contributes its header edits,
 * then acts; a route without an action falls through to the next. A {@code rewrite} continues with the
 * routes after it, using the new path; a second rewrite of the same request is a configuration loop,
 * answered 500 and logged once per route. A request no route answers goes to the static handler.
 * The router never throws for request input: a malformed path is a 400 answer.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes;

    private Router(List<Route> routes) {
        this.routes = routes;
    }

    public static final Router EMPTY = new Router(List.of());

    /**
     * Compiles validated route configs and reads the users files.
     *
     * @throws IllegalArgumentException naming the route key when a template names an unknown capture
     *                                  or a users file holds a non-bcrypt line
     */
    public static Router build(List<RouteConfig> configs) throws IOException {
        List<Route> routes = new ArrayList<>();
        for (RouteConfig c : configs) {
            PathPattern pattern = c.match() == null ? null : PathPattern.parse(c.match());
            Template target = null;
            try {
                if (c.action() instanceof RouteConfig.Redirect r) {
                    target = Template.parse(r.target(), pattern == null ? java.util.Set.of() : pattern.captureNames());
                } else if (c.action() instanceof RouteConfig.Rewrite r) {
                    target = Template.parse(r.target(), pattern == null ? java.util.Set.of() : pattern.captureNames());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(c.key() + "." + (c.action() instanceof RouteConfig.Redirect
                        ? "redirect" : "rewrite") + ": " + e.getMessage(), e);
            }
            BasicAuthenticator auth = null;
            if (c.basicAuth() != null) {
                try {
                    auth = BasicAuthenticator.load(c.basicAuth().usersFile());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(c.key() + ".auth.basic.users-file: " + e.getMessage(), e);
                }
            }
            routes.add(new Route(c, pattern, target, auth));
        }
        return new Router(List.copyOf(routes));
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public Decision route(RouteRequest request) {
        List<RouteConfig.HeaderEdit> edits = new ArrayList<>();
        List<RouteConfig.HeaderEdit> requestEdits = new ArrayList<>();
        String rawPath = request.rawPath();
        String query = request.query();
        String path = PathCodec.canonical(rawPath);
        if (path == null) {
            return answer(Reply.error(HttpResponseStatus.BAD_REQUEST), edits, null);
        }
        boolean rewritten = false;
        String user = null;
        for (Route route : routes) {
            Map<String, String> captures = route.match(request, path);
            if (captures == null) {
                continue;
            }
            RouteConfig c = route.config;
            if (Route.inAny(c.deny(), request) || !c.allow().isEmpty() && !Route.inAny(c.allow(), request)) {
                return answer(Reply.error(HttpResponseStatus.FORBIDDEN), edits, user);
            }
            if (route.auth != null) {
                String who = route.auth.authenticate(request.headers().get(HttpHeaderNames.AUTHORIZATION));
                if (who == null) {
                    Reply r = Reply.error(HttpResponseStatus.UNAUTHORIZED);
                    r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
                            "Basic realm=\"" + c.basicAuth().realm() + "\", charset=\"UTF-8\"");
                    return answer(r, edits, null);
                }
                user = who;
            }
            edits.addAll(c.headerEdits());
            requestEdits.addAll(c.requestHeaderEdits());
            RouteConfig.Action action = c.action();
            if (action == null) {
                continue;
            }
            if (action instanceof RouteConfig.Redirect r) {
                String location = route.target.expand(captures, path, query);
                return answer(Reply.redirect(HttpResponseStatus.valueOf(r.status()), location), edits, user);
            }
            if (action instanceof RouteConfig.Respond r) {
                return answer(respond(r), edits, user);
            }
            if (action instanceof RouteConfig.Mount m) {
                String rest = path;
                if (!m.stripPrefix().isEmpty() && (path.equals(m.stripPrefix()) || path.startsWith(m.stripPrefix() + "/"))) {
                    rest = path.substring(m.stripPrefix().length());
                    rest = rest.isEmpty() ? "/" : rest;
                }
                return new Decision(new Decision.Mount(m.root(), PathCodec.encode(rest), query), List.copyOf(edits), List.of(), user);
            }
            if (action instanceof RouteConfig.Proxy p) {
                return new Decision(new Decision.Proxy(c.key(), p, rawPath, query), List.copyOf(edits),
                        List.copyOf(requestEdits), user);
            }
            if (action instanceof RouteConfig.Rewrite) {
                if (rewritten) {
                    if (route.loopLogged.compareAndSet(false, true)) {
                        LOG.error("{}.rewrite: the request was rewritten already (rewrites apply once; "
                                + "check the routes for a loop); answering 500 (logged once)", c.key());
                    }
                    return answer(Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR), edits, user);
                }
                rewritten = true;
                String target = route.target.expand(captures, path, query);
                int q = target.indexOf('?');
                rawPath = q < 0 ? target : target.substring(0, q);
                // Like nginx: a target without its own query keeps the request's.
                query = q < 0 ? query : target.substring(q);
                path = PathCodec.canonical(rawPath);
                if (path == null) {
                    return answer(Reply.error(HttpResponseStatus.BAD_REQUEST), edits, user);
                }
            }
        }
        return new Decision(new Decision.Static(rawPath, query), List.copyOf(edits), List.of(), user);
    }

    private static Reply respond(RouteConfig.Respond r) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(r.status());
        boolean bodyAllowed = r.status() != 204 && r.status() != 304;
        if (r.body().isEmpty() || !bodyAllowed) {
            return Reply.of(status);
        }
        Reply reply = new Reply(status, new DefaultHttpHeaders(), dev.gatehouse.http.ReplyBody.Bytes.utf8(r.body()));
        reply.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return reply;
    }

    private static Decision answer(Reply reply, List<RouteConfig.HeaderEdit> edits, String user) {
        return new Decision(new Decision.Answer(reply), List.copyOf(edits), List.of(), user);
    }
}
