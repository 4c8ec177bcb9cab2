package dev.gatehouse.server;

import dev.gatehouse.http.HostHeader;
import dev.gatehouse.http.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Supplier;

/**
 * Answers requests that arrived over TLS: validates Host and target, serves the site whose certificate
 * the handshake used (421 Misdirected Request when the Host belongs to another site), lets its static
 * handler answer GET and HEAD, and adds the headers every HTTPS response carries (HSTS, nosniff).
 */
final class HttpsDispatcher implements RequestHandler.Dispatcher {

    static final String STRICT_TRANSPORT_SECURITY = "strict-transport-security";
    static final String X_CONTENT_TYPE_OPTIONS = "x-content-type-options";

    private final Supplier<ServerState> state;

    HttpsDispatcher(Supplier<ServerState> state) {
        this.state = state;
    }

    @Override
    public Reply dispatch(HttpRequest request, ChannelHandlerContext ctx) {
        HostHeader host = HostCheck.check(request);
        RequestTarget target = RequestTarget.parse(request.uri());
        if (host == null || target == null) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST);
        }
        Site site = ctx.channel().attr(SiteSniHandler.SITE).get();
        if (site == null) {
            site = state.get().defaultSite();
        }
        Reply reply;
        if (misdirected(site, host)) {
            // RFC 9110 §15.5.20: this connection's certificate belongs to another site; the client may
            // retry on a new connection with the right SNI (HTTP/2 coalescing and SNI-less clients).
            reply = Reply.error(HttpResponseStatus.MISDIRECTED_REQUEST);
        } else if (!Methods.readOnly(request.method())) {
            reply = Methods.refuse(request.method());
        } else if (target.path().equals("*")) {
            reply = Reply.error(HttpResponseStatus.BAD_REQUEST);
        } else {
            reply = site.files().serve(request.method(), request.headers(), target.path(), target.query());
        }
        String hsts = site.config().hsts();
        if (hsts != null && host != HostCheck.ABSENT && !host.isLocalOrIp()) {
            reply.headers().set(STRICT_TRANSPORT_SECURITY, hsts);
        }
        reply.headers().set(X_CONTENT_TYPE_OPTIONS, "nosniff");
        return reply;
    }

    /**
     * The Host belongs to another site than the one whose certificate this connection used. A Host
     * that names no site (an IP, localhost, an alias) belongs to the default site.
     */
    private boolean misdirected(Site used, HostHeader host) {
        if (host == HostCheck.ABSENT) {
            return false;
        }
        Site named = state.get().siteNamed(host.host());
        String owner = named == null ? state.get().defaultSite().config().id() : named.config().id();
        return !owner.equals(used.config().id());
    }
}
