package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;

/** Which methods static content answers: GET and HEAD; other standard ones get 405, the rest 501. */
final class Methods {

    static final String ALLOW = "GET, HEAD";
    private static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH");

    private Methods() {
    }

    static boolean readOnly(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
    }

    /** The reply for a method static content does not accept. */
    static Reply refuse(HttpMethod method) {
        if (KNOWN.contains(method.name())) {
            return Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED).header(HttpHeaderNames.ALLOW, ALLOW);
        }
        return Reply.error(HttpResponseStatus.NOT_IMPLEMENTED);
    }
}
