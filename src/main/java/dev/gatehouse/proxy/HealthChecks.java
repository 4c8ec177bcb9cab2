package dev.gatehouse.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health ({@code proxy.health-uri}): every {@code proxy.health-interval}, each upstream gets a
 * {@code GET} on a fresh connection; 2xx/3xx brings it (back) into rotation, anything else, a refused
 * connection or no answer within the timeouts takes it out until a later probe succeeds. Probes run on
 * one event loop of the server; they start with the first proxied request of the group.
 */
final class HealthChecks {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private HealthChecks() {
    }

    /** Logged on the change only, not on every probe. */
    private static void down(Upstream u, long downFor, String why) {
        if (u.probedHealthy) {
            LOG.warn("upstream {} out of rotation: {}", u.label, why);
        }
        u.probedHealthy = false;
        u.markDown(downFor);
    }

    private static void up(Upstream u) {
        if (!u.probedHealthy) {
            LOG.info("upstream {} healthy again", u.label);
        }
        u.probedHealthy = true;
        u.markUp();
    }

    static java.util.List<java.util.concurrent.Future<?>> start(UpstreamGroup group, EventLoop loop,
            Class<? extends Channel> channelClass) {
        long interval = group.settings.healthInterval().toMillis();
        java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
        for (Upstream u : group.upstreams) {
            tasks.add(loop.scheduleWithFixedDelay(() -> probe(group, u, loop, channelClass), 0, interval,
                    TimeUnit.MILLISECONDS));
        }
        return tasks;
    }

    private static void probe(UpstreamGroup group, Upstream u, EventLoop loop, Class<? extends Channel> channelClass) {
        long downFor = group.settings.healthInterval().toNanos() * 2;
        boolean[] verdict = {false};
        Bootstrap b = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) group.settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (u.tls) {
                            ch.pipeline().addLast(UpstreamTls.handler(group, u, ch));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof HttpResponse r && !verdict[0]) {
                                    verdict[0] = true;
                                    if (r.status().code() < 400) {
                                        up(u);
                                    } else {
                                        down(u, downFor, group.settings.healthUri() + " answered " + r.status().code());
                                    }
                                    ctx.close();
                                }
                                ReferenceCountUtil.release(msg);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        b.connect(u.host, u.port).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                down(u, downFor, f.cause().toString());
                return;
            }
            Channel ch = f.channel();
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    u.basePath + group.settings.healthUri());
            req.headers().set(HttpHeaderNames.HOST, group.settings.host() != null ? group.settings.host() : u.label)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE).set(HttpHeaderNames.USER_AGENT, "gatehouse-health");
            ch.writeAndFlush(req);
            ch.eventLoop().schedule(() -> {
                if (!verdict[0]) {
                    verdict[0] = true;
                    down(u, downFor, "no answer to " + group.settings.healthUri());
                }
                ch.close();
            }, group.settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ch.closeFuture().addListener(c -> {
                if (!verdict[0]) {
                    verdict[0] = true;
                    down(u, downFor, "connection closed without an answer");
                }
            });
        });
    }
}
