package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;

/**
 * {@code listener.http.mode=serve}: the plain port answers exactly as the HTTPS port does, minus
 * Strict-Transport-Security, which RFC 6797 §7.2 forbids over plain HTTP.
 */
final class ServeDispatcher implements RequestHandler.Dispatcher {

    private final RequestHandler.Dispatcher https;

    ServeDispatcher(RequestHandler.Dispatcher https) {
        this.https = https;
    }

    @Override
    public Reply dispatch(HttpRequest request, ChannelHandlerContext ctx) {
        Reply reply = https.dispatch(request, ctx);
        reply.headers().remove(HttpsDispatcher.STRICT_TRANSPORT_SECURITY);
        return reply;
    }
}
