package dev.gatehouse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A TLS client that sends the SNI name it is told to (the JDK sends none on its own for 127.0.0.1,
 * but does when the name is set explicitly), or none at all with a null name.
 */
public final class SniClient {

    private SniClient() {
    }

    /** Connects to 127.0.0.1 and completes the handshake; the caller closes the socket. */
    public static SSLSocket connect(SSLContext ctx, int port, String sni, String... protocols) throws IOException {
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        if (protocols.length > 0) {
            params.setProtocols(protocols);
        }
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    public static X509Certificate peerLeaf(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** One request with {@code Connection: close}; returns the whole response. */
    public static String get(SSLSocket socket, String host, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return RawTls.readAll(socket.getInputStream());
    }
}
