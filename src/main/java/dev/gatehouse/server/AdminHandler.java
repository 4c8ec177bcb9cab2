package dev.gatehouse.server;

import dev.gatehouse.config.Secret;
import dev.gatehouse.metrics.Metrics;
import dev.gatehouse.metrics.MetricsExporter;
import dev.gatehouse.metrics.PrometheusText;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * The admin endpoints, plain HTTP on {@code admin.address:admin.port}: {@code GET /metrics}
 * (Prometheus text), {@code /health} (200 serving, 503 draining, for load balancers) and
 * {@code /status} (JSON). With {@code admin.token} set every request needs
 * {@code Authorization: Bearer <token>} (compared in constant time), else 401. Anything else: 404;
 * methods other than GET/HEAD: 405. Never touches request counters: scrapes are not traffic.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final GatehouseServer server;
    private final MetricsExporter.Gauges gauges;
    private final Supplier<Secret> token;

    AdminHandler(GatehouseServer server, MetricsExporter.Gauges gauges, Supplier<Secret> token) {
        this.server = server;
        this.gauges = gauges;
        this.token = token;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = answer(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setContentLength(response, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return text(HttpResponseStatus.BAD_REQUEST, "bad request\n", "text/plain; charset=utf-8");
        }
        if (!authorized(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            FullHttpResponse r = text(HttpResponseStatus.UNAUTHORIZED, "unauthorized\n", "text/plain; charset=utf-8");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse-admin\"");
            return r;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n",
                    "text/plain; charset=utf-8");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return r;
        }
        String path = request.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        return switch (path) {
            case "/metrics" -> text(HttpResponseStatus.OK, MetricsExporter.render(Metrics.global(), gauges),
                    PrometheusText.CONTENT_TYPE);
            case "/health" -> server.draining()
                    ? text(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining\n", "text/plain; charset=utf-8")
                    : text(HttpResponseStatus.OK, "ok\n", "text/plain; charset=utf-8");
            case "/status" -> text(HttpResponseStatus.OK, server.statusJson(), "application/json");
            default -> text(HttpResponseStatus.NOT_FOUND, "not found (try /metrics, /health, /status)\n",
                    "text/plain; charset=utf-8");
        };
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Idle timeouts and resets: the admin port is for scrapers, nothing to report.
        ctx.close();
    }

    private boolean authorized(String header) {
        Secret expected = token.get();
        if (expected == null) {
            return true;
        }
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : "";
        // MessageDigest.isEqual does not stop at the first difference: no timing oracle on the token.
        return MessageDigest.isEqual(new String(expected.chars()).getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        return r;
    }
}
