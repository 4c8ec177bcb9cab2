package dev.gatehouse.server;

import dev.gatehouse.logging.ExpectedExceptions;
import dev.gatehouse.metrics.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLSession;

/**
 * Counts each TLS handshake once in {@link Metrics} (protocol, cipher, result or failure reason) and
 * keeps the negotiated protocol and cipher in {@link ConnectionInfo} for the access log. Removes
 * itself after the handshake; it never changes what happens to the connection.
 */
final class TlsSessionRecorder extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent event) {
            if (event.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                SSLSession session = ssl == null ? null : ssl.engine().getSession();
                if (session != null) {
                    ConnectionInfo info = ConnectionInfo.of(ctx.channel());
                    info.tlsProtocol = session.getProtocol();
                    info.tlsCipher = session.getCipherSuite();
                    info.clientSubject = ClientIdentity.subject(ssl);
                    Metrics.global().handshake(info.tlsProtocol, info.tlsCipher, "success");
                }
            } else {
                Metrics.global().handshake(null, null, reason(event.cause()));
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, evt);
    }

    /** A small fixed set of reasons (metric label values), from the exception types and BoringSSL/JDK messages. */
    static String reason(Throwable cause) {
        if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
            return "plain_http";
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        if (ExpectedExceptions.isExpected(cause)) {
            return "peer_closed";
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        String m = text.toString().toLowerCase(Locale.ROOT);
        if (m.contains("no_shared_cipher") || m.contains("no shared cipher") || m.contains("no cipher suites in common")
                || m.contains("no_cipher_match") || m.contains("insufficient_security")) {
            return "no_shared_cipher";
        }
        if (m.contains("unrecognized_name") || m.contains("unrecognized name") || m.contains("sni")) {
            return "unknown_sni";
        }
        if (m.contains("protocol_version") || m.contains("unsupported_protocol") || m.contains("unsupported protocol")
                || m.contains("wrong_version") || m.contains("protocol version") || m.contains("not enabled or not supported")) {
            return "protocol_version";
        }
        if (m.contains("certificate") || m.contains("alert")) {
            return "alert";
        }
        return "other";
    }
}
