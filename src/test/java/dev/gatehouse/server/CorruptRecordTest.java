package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A TLS record that fails to decrypt after the handshake (tampering, a broken middlebox) ends the
 * connection at once, whatever the connection was doing: it cannot be trusted any more (RFC 8446 §5.2:
 * bad_record_mac is fatal).
 */
class CorruptRecordTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"before its first request", "after a request"})
    void aCorruptRecordClosesTheConnection(String when) throws Exception {
        try (TestServer server = TestServer.builder(dir).property("timeouts.idle", "60s").start();
                Socket raw = new Socket("127.0.0.1", server.httpsPort())) {
            SSLSocket tls = (SSLSocket) server.clientSslContext().getSocketFactory()
                    .createSocket(raw, "localhost", server.httpsPort(), false);
            tls.setEnabledProtocols(new String[] {"TLSv1.3"});
            tls.startHandshake();
            if (when.startsWith("after")) {
                tls.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                byte[] buf = new byte[8192];
                assertThat(tls.getInputStream().read(buf)).isPositive(); // the response head
            }
            // An application-data record whose ciphertext is garbage: it cannot authenticate.
            byte[] record = new byte[5 + 64];
            record[0] = 0x17;
            record[1] = 0x03;
            record[2] = 0x03;
            record[4] = 64;
            for (int i = 5; i < record.length; i++) {
                record[i] = (byte) (i * 31);
            }
            OutputStream out = raw.getOutputStream();
            out.write(record);
            out.flush();
            raw.setSoTimeout(5_000);
            InputStream in = raw.getInputStream();
            long deadline = System.nanoTime() + 5_000_000_000L;
            boolean closed = false;
            try {
                while (System.nanoTime() < deadline) {
                    if (in.read(new byte[4096]) < 0) { // an alert may come first, then the end
                        closed = true;
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (java.io.IOException reset) {
                closed = true;
            }
            assertThat(closed).as("connection closed within 5 s of a corrupt record").isTrue();
        }
    }
}
