package dev.gatehouse.server;

import dev.gatehouse.http.HostHeader;
import dev.gatehouse.http.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The plain-HTTP port in redirect mode: every request gets 308 to the same URL on HTTPS (308 keeps
 * the method and body, unlike 301), except ACME HTTP-01 challenges under
 * {@code /.well-known/acme-challenge/}, which certificate authorities must fetch over plain HTTP.
 */
final class PlainDispatcher implements RequestHandler.Dispatcher {

    static final String ACME_PREFIX = "/.well-known/acme-challenge/";

    private final Supplier<ServerState> state;
    private final IntSupplier httpsPort;

    PlainDispatcher(Supplier<ServerState> state, IntSupplier httpsPort) {
        this.state = state;
        this.httpsPort = httpsPort;
    }

    @Override
    public Reply dispatch(HttpRequest request, ChannelHandlerContext ctx) {
        HostHeader host = HostCheck.check(request);
        RequestTarget target = RequestTarget.parse(request.uri());
        // Without a host there is nowhere to redirect to.
        if (host == null || host == HostCheck.ABSENT || target == null || target.path().equals("*")) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST);
        }
        if (target.path().startsWith(ACME_PREFIX) && Methods.readOnly(request.method())) {
            ServerState current = state.get();
            Site site = current.siteNamed(host.host());
            return (site == null ? current.defaultSite() : site).files().serve(request.method(), request.headers(), target.path(), "");
        }
        int port = httpsPort.getAsInt();
        String location = "https://" + host.host() + (port == 443 ? "" : ":" + port) + target.path() + target.query();
        return Reply.redirect(HttpResponseStatus.PERMANENT_REDIRECT, location);
    }
}
