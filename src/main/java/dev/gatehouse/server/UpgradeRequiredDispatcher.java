package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code listener.http.mode=upgrade}: a request that did not ask for TLS gets 426 Upgrade Required
 * naming the protocols to upgrade to (RFC 2817 §4.2, RFC 9110 §15.5.22).
 */
final class UpgradeRequiredDispatcher implements RequestHandler.Dispatcher {

    static final UpgradeRequiredDispatcher INSTANCE = new UpgradeRequiredDispatcher();
    static final String UPGRADE = "TLS/1.0, HTTP/1.1";

    private UpgradeRequiredDispatcher() {
    }

    @Override
    public Reply dispatch(HttpRequest request, ChannelHandlerContext ctx) {
        return Reply.error(HttpResponseStatus.UPGRADE_REQUIRED)
                .header(HttpHeaderNames.UPGRADE, UPGRADE)
                .header(HttpHeaderNames.CONNECTION, HttpHeaderNames.UPGRADE);
    }
}
