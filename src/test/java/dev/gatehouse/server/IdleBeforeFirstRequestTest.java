package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawTls;
import dev.gatehouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS connection gets its HTTP/1.1 or HTTP/2 handlers only with its first bytes
 * ({@link InstallOnFirstRead}): one that waits after the handshake is still served, on both
 * protocols and across several requests, and its idle and request-head clocks still run.
 */
class IdleBeforeFirstRequestTest {

    @TempDir
    Path dir;

    private SSLSocket connect(TestServer server, String alpn) throws IOException {
        SSLSocket socket = (SSLSocket) server.clientSslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort());
        SSLParameters params = socket.getSSLParameters();
        params.setApplicationProtocols(new String[] {alpn});
        socket.setSSLParameters(params);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        assertThat(socket.getApplicationProtocol()).isEqualTo(alpn);
        return socket;
    }

    @Test
    void http1RequestsAfterAnIdleSpellAreServedInOrderOnOneConnection() throws Exception {
        try (TestServer server = TestServer.builder(dir).start();
                SSLSocket socket = connect(server, "http/1.1")) {
            Thread.sleep(300);
            OutputStream out = socket.getOutputStream();
            // The first request in two TLS records: the handlers installed by the first carry on with the second.
            out.write("GET / HTT".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(100);
            out.write(("P/1.1\r\nHost: localhost\r\n\r\nGET /missing HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = RawTls.readAll(socket.getInputStream());
            assertThat(response).doesNotContain("[timeout");
            assertThat(response.split("HTTP/1.1 ", -1)).hasSize(4);
            assertThat(response.indexOf("HTTP/1.1 200 ")).isLessThan(response.indexOf("HTTP/1.1 404 "));
            assertThat(response.lastIndexOf("HTTP/1.1 200 ")).isGreaterThan(response.indexOf("HTTP/1.1 404 "));
        }
    }

    @Test
    void http2RequestAfterAnIdleSpellIsServed() throws Exception {
        try (TestServer server = TestServer.builder(dir).start();
                SSLSocket socket = connect(server, "h2")) {
            Thread.sleep(300);
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(frame(4, 0, 0, new byte[0])); // empty SETTINGS
            // HEADERS, END_STREAM | END_HEADERS: :method GET, :scheme https, :path /, :authority localhost
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.write(new byte[] {(byte) 0x82, (byte) 0x87, (byte) 0x84, 0x41, 9});
            block.write("localhost".getBytes(StandardCharsets.US_ASCII));
            out.write(frame(1, 0x5, 1, block.toByteArray()));
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            int[] first = null;
            boolean ok = false;
            for (int i = 0; i < 20 && !ok; i++) { // bounded: SETTINGS, its ack, HEADERS, DATA...
                int[] header = readFrameHeader(in);
                byte[] payload = in.readNBytes(header[0]);
                if (first == null) {
                    first = header;
                }
                // :status 200 is entry 8 of the HPACK static table: 0x88.
                ok = header[1] == 1 && header[3] == 1 && payload.length > 0 && payload[0] == (byte) 0x88;
            }
            assertThat(first[1]).as("the server's first frame is its SETTINGS (RFC 9113 §3.4)").isEqualTo(4);
            assertThat(ok).as("a 200 on stream 1").isTrue();
        }
    }

    @Test
    void idleTimeoutClosesAConnectionThatNeverSendsARequest() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("timeouts.idle", "1s").start();
                SSLSocket socket = connect(server, "http/1.1")) {
            socket.setSoTimeout(10_000); // far beyond the idle timeout: a read time-out means it never fired
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
    }

    @Test
    void requestHeaderTimeoutStillAppliesToTheFirstRequest() throws Exception {
        try (TestServer server = TestServer.builder(dir).property("timeouts.request-header", "1s").start();
                SSLSocket socket = connect(server, "http/1.1")) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
    }

    /** True once the server has closed the connection (EOF or reset), false if it stayed silent and open. */
    private static boolean readUntilClosed(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        try {
            while (in.read(buf) >= 0) {
                // discard (a TLS close_notify, nothing else expected)
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(payload.length >>> 16);
        f.write(payload.length >>> 8);
        f.write(payload.length);
        f.write(type);
        f.write(flags);
        f.write(stream >>> 24);
        f.write(stream >>> 16);
        f.write(stream >>> 8);
        f.write(stream);
        f.writeBytes(payload);
        return f.toByteArray();
    }

    /** length, type, flags, stream id */
    private static int[] readFrameHeader(DataInputStream in) throws IOException {
        byte[] h = in.readNBytes(9);
        assertThat(h).hasSize(9);
        int length = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | h[2] & 0xff;
        int stream = (h[5] & 0x7f) << 24 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | h[8] & 0xff;
        return new int[] {length, h[3] & 0xff, h[4] & 0xff, stream};
    }
}
