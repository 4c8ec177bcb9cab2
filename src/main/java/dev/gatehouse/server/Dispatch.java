package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import dev.gatehouse.proxy.ProxyTarget;

/**
 * A dispatcher's answer: either a {@link Reply} written at once, or a proxy hand-off, after which
 * {@link dev.gatehouse.proxy.ProxyExchange} owns the exchange until its response has ended (it needs
 * the request body and answers asynchronously, which a Reply cannot express). Exactly one of reply
 * and proxy is set.
 */
record Dispatch(Reply reply, ProxyTarget proxy, String user) {

    static Dispatch of(Reply reply) {
        return new Dispatch(reply, null, null);
    }

    /** @param user the user basic authentication let in, for the access log (or null) */
    static Dispatch of(Reply reply, String user) {
        return new Dispatch(reply, null, user);
    }

    static Dispatch proxy(ProxyTarget target, String user) {
        return new Dispatch(null, target, user);
    }
}
