package dev.gatehouse.server;

import dev.gatehouse.config.Cidr;
import dev.gatehouse.metrics.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PROXY protocol v1/v2 in front of a listener ({@code listener.*.proxy-protocol}): only peers in
 * {@code listener.trusted-proxies} may connect at all, and each connection must start with a valid
 * PROXY header, whose source address then becomes the client address ({@link ConnectionInfo}) for
 * logs and metrics. Anything else is closed and counted: a header from an untrusted peer would let
 * anyone forge their address, and a trusted peer without a header is a misconfigured balancer.
 * A {@code LOCAL} header (the balancer's own health check) keeps the peer's address.
 */
final class ProxyProtocol extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocol.class);

    private final List<Cidr> trusted;

    private ProxyProtocol(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /** Adds the decoder and this check at the head of the pipeline when {@code enabled}. */
    static void install(ChannelPipeline pipeline, boolean enabled, List<Cidr> trusted) {
        if (enabled) {
            pipeline.addFirst("proxy-check", new ProxyProtocol(trusted));
            pipeline.addFirst("proxy-decoder", new HAProxyMessageDecoder());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress peer) || peer.getAddress() == null
                || trusted.stream().noneMatch(c -> c.contains(peer.getAddress()))) {
            // DEBUG: scanners reach public ports all the time; the counter shows the volume.
            Metrics.global().proxyRefused();
            LOG.debug("refused connection from {}: not in listener.trusted-proxies", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // The decoder passes nothing else before a header; after one, this handler is gone.
            ReferenceCountUtil.release(msg);
            refuse(ctx, "no PROXY header");
            return;
        }
        try {
            if (header.command() == HAProxyCommand.PROXY && header.proxiedProtocol() != HAProxyProxiedProtocol.UNKNOWN
                    && header.sourceAddress() != null) {
                ConnectionInfo.of(ctx.channel()).proxiedClient =
                        InetSocketAddress.createUnresolved(header.sourceAddress(), header.sourcePort());
            }
        } finally {
            header.release();
        }
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // HAProxyProtocolException: the bytes were not a valid PROXY header.
        refuse(ctx, "invalid PROXY header: " + cause.getMessage());
    }

    private static void refuse(ChannelHandlerContext ctx, String why) {
        Metrics.global().proxyRefused();
        LOG.warn("refused connection from {}: {}", ctx.channel().remoteAddress(), why);
        ctx.close();
    }
}
