package dev.gatehouse.server;

import dev.gatehouse.http.Reply;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, whichever protocol carried them: the part HTTP/1.1 and HTTP/2 share.
 * It counts the request as in flight on its connection (so a graceful stop waits for it), asks the
 * {@link RequestHandler.Dispatcher} for the reply (a bug costs this request a 500, nothing more),
 * stamps the request id on it, and hands the finished request to {@link RequestRecord} (metrics and
 * access log) once the response has left. Protocol handlers only frame the bytes.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final ConnectionTracker tracker;
    private final Channel connection;
    private final boolean accessLog;
    private final RequestRecord record;
    private final boolean head;
    private int status;
    private long bytes;
    private boolean ended;

    private Exchange(ConnectionTracker tracker, Channel connection, boolean accessLog, HttpRequest request,
            String protocol) {
        this.tracker = tracker;
        this.connection = connection;
        this.accessLog = accessLog;
        this.record = RequestRecord.start(connection, request, protocol);
        this.head = request.method().name().equals("HEAD");
    }

    /**
     * @param connection the TCP connection (for HTTP/2 the parent of the stream channel)
     * @param protocol   as the access log shows it: {@code HTTP/1.1}, {@code HTTP/2.0}
     */
    static Exchange begin(ConnectionTracker tracker, Channel connection, boolean accessLog, HttpRequest request,
            String protocol) {
        tracker.requestStarted(connection);
        return new Exchange(tracker, connection, accessLog, request, protocol);
    }

    /** The TCP connection a channel belongs to: itself, or for an HTTP/2 stream its parent. */
    static Channel connection(Channel channel) {
        return channel.parent() instanceof io.netty.channel.socket.SocketChannel parent ? parent : channel;
    }

    /**
     * Asks the dispatcher for the reply (or a proxy target) and remembers what the access log will
     * need of a reply.
     */
    Dispatch route(RequestHandler.Dispatcher dispatcher, ChannelHandlerContext ctx, HttpRequest request) {
        Dispatch d;
        try {
            d = dispatcher.route(request, ctx);
        } catch (RuntimeException e) {
            // A bug must cost one request a 500, never the connection's other requests a hang.
            LOG.error("internal error answering {} {} from {}", request.method(), request.uri(),
                    connection.remoteAddress(), e);
            d = Dispatch.of(Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        }
        if (d.reply() != null) {
            answered(d.reply());
        }
        return d;
    }

    String requestId() {
        return record.requestId();
    }

    /** When the request head was complete ({@link System#nanoTime}). */
    long startNanos() {
        return record.startNanos();
    }

    /** For replies not made by the dispatcher (malformed requests, refusals); stamps the request id. */
    Reply answered(Reply reply) {
        status = reply.status().code();
        bytes = head ? 0 : reply.body().length();
        reply.headers().set(RequestRecord.X_REQUEST_ID, record.requestId());
        return reply;
    }

    /**
     * The response is on the wire (or failed): count and log it, stop counting it as in flight.
     * Idempotent.
     *
     * @return true when the server is draining and this was the connection's last request in flight
     */
    boolean end(boolean sent, String user) {
        if (ended) {
            return false;
        }
        ended = true;
        record.finish(status, sent ? bytes : 0, accessLog, user, null, -1);
        return tracker.requestFinished(connection);
    }

    /** As {@link #end}, for a request the proxy answered. */
    boolean endProxied(int proxiedStatus, long proxiedBytes, String user, String upstream, long upstreamNanos) {
        if (ended) {
            return false;
        }
        ended = true;
        record.finish(proxiedStatus, proxiedBytes, accessLog, user, upstream, upstreamNanos);
        return tracker.requestFinished(connection);
    }
}
