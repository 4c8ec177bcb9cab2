package dev.gatehouse.server;

import dev.gatehouse.http.HostHeader;
import dev.gatehouse.http.Reply;
import dev.gatehouse.routing.Decision;
import dev.gatehouse.routing.HeaderEdits;
import dev.gatehouse.routing.RouteRequest;
import io.netty.channel.ChannelHandlerContext;
import dev.gatehouse.proxy.ProxyTarget;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Answers requests that arrived over TLS: validates Host and target, serves the site whose certificate
 * the handshake used (421 Misdirected Request when the Host belongs to another site), asks its router
 * (redirect, rewrite, respond, mount, access rules), lets the static handler answer GET and HEAD for
 * what no route took, and adds the headers every HTTPS response carries (HSTS, the security preset)
 * before the routes' own header edits, so that a route can override or remove any of them.
 */
final class HttpsDispatcher implements RequestHandler.Dispatcher {

    static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    static final AsciiString X_CONTENT_TYPE_OPTIONS = AsciiString.cached("x-content-type-options");
    static final AsciiString REFERRER_POLICY = AsciiString.cached("referrer-policy");
    static final AsciiString X_FRAME_OPTIONS = AsciiString.cached("x-frame-options");

    private final Supplier<ServerState> state;

    HttpsDispatcher(Supplier<ServerState> state) {
        this.state = state;
    }

    @Override
    public Reply dispatch(HttpRequest request, ChannelHandlerContext ctx) {
        Dispatch d = route(request, ctx);
        return d.reply() != null ? d.reply() : Reply.error(HttpResponseStatus.BAD_GATEWAY);
    }

    @Override
    public Dispatch route(HttpRequest request, ChannelHandlerContext ctx) {
        // On HTTP/2 the context is the stream's; SNI chose the site on the connection.
        ConnectionInfo connection = ConnectionInfo.of(Exchange.connection(ctx.channel()));
        HostHeader host = HostCheck.check(request, connection);
        RequestTarget target = RequestTarget.parse(request.uri());
        if (host == null || target == null) {
            return Dispatch.of(Reply.error(HttpResponseStatus.BAD_REQUEST));
        }
        Site chosen = connection.site;
        Site site = chosen != null ? chosen : state.get().defaultSite();
        Reply reply;
        Decision decision = null;
        if (misdirected(site, host)) {
            // RFC 9110 §15.5.20: this connection's certificate belongs to another site; the client may
            // retry on a new connection with the right SNI (HTTP/2 coalescing and SNI-less clients).
            reply = Reply.error(HttpResponseStatus.MISDIRECTED_REQUEST);
        } else if (request.method().equals(HttpMethod.OPTIONS) && target.path().equals("*")) {
            // RFC 9110 §9.3.7: the server as a whole; also what an RFC 2817 upgrade usually asks.
            reply = Reply.of(HttpResponseStatus.OK).header(HttpHeaderNames.ALLOW, Methods.ALLOW);
        } else if (target.path().equals("*")) {
            reply = Methods.readOnly(request.method()) ? Reply.error(HttpResponseStatus.BAD_REQUEST)
                    : Methods.refuse(request.method());
        } else {
            decision = site.routes().router().route(new RouteRequest(request.method().name(),
                    host.host().toLowerCase(Locale.ROOT), request.headers(), peer(ctx), target.path(), target.query()));
            if (decision.outcome() instanceof Decision.Proxy p) {
                Decision routed = decision;
                return Dispatch.proxy(new ProxyTarget(site.routes().proxies().get(p.routeKey()), p.rawPath(),
                        p.query(), peer(ctx), headers -> HeaderEdits.apply(routed.requestHeaderEdits(), headers),
                        headers -> decorate(site, host, routed, headers)), decision.user());
            }
            reply = act(site, request, decision.outcome());
        }
        decorate(site, host, decision, reply.headers());
        return Dispatch.of(reply, decision == null ? null : decision.user());
    }

    /** HSTS and the security preset first, then the routes' own edits, which may override them. */
    private static void decorate(Site site, HostHeader host, Decision decision, HttpHeaders headers) {
        site.securityHeaders().applyTo(headers, host != HostCheck.ABSENT && !host.isLocalOrIp());
        if (decision != null) {
            HeaderEdits.apply(decision.headerEdits(), headers);
        }
    }

    private static Reply act(Site site, HttpRequest request, Decision.Outcome outcome) {
        if (outcome instanceof Decision.Answer answer) {
            return answer.reply();
        }
        if (!Methods.readOnly(request.method())) {
            return Methods.refuse(request.method());
        }
        if (outcome instanceof Decision.Mount mount) {
            return site.routes().mounts().get(mount.root()).serve(request.method(), request.headers(),
                    mount.rawPath(), mount.query());
        }
        Decision.Static s = (Decision.Static) outcome;
        return site.files().serve(request.method(), request.headers(), s.rawPath(), s.query());
    }

    static InetAddress peer(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /**
     * The Host belongs to another site than the one whose certificate this connection used. A Host
     * that names no site (an IP, localhost, an alias) belongs to the default site.
     */
    private boolean misdirected(Site used, HostHeader host) {
        if (host == HostCheck.ABSENT) {
            return false;
        }
        ServerState current = state.get();
        if (current.sites().size() == 1 && current.sites().get(0) == used) {
            return false; // one site: every name is its own
        }
        Site named = current.siteNamed(host.host());
        String owner = named == null ? current.defaultSite().config().id() : named.config().id();
        return !owner.equals(used.config().id());
    }
}
