package dev.gatehouse.server;

import dev.gatehouse.http.HostHeader;
import dev.gatehouse.http.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.Supplier;

/**
 * Answers requests that arrived over TLS: validates Host and target, picks the site, lets its static
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
        Site site = state.get().defaultSite();
        Reply reply;
        if (!Methods.readOnly(request.method())) {
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
}
