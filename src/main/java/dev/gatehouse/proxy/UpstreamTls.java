package dev.gatehouse.proxy;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** TLS towards an https upstream: the group's trust (JDK store or proxy.tls.ca), SNI and host name check. */
final class UpstreamTls {

    private UpstreamTls() {
    }

    static SslHandler handler(UpstreamGroup group, Upstream u, Channel ch) {
        SslHandler ssl = group.sslContext.newHandler(ch.alloc(), u.host, u.port);
        SSLEngine engine = ssl.engine();
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(p);
        ssl.setHandshakeTimeoutMillis(group.settings.connectTimeout().toMillis());
        return ssl;
    }
}
