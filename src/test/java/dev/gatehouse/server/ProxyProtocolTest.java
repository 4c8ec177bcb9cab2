package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.metrics.Metrics;
import dev.gatehouse.metrics.MetricsExporter;
import dev.gatehouse.testing.MiniJson;
import dev.gatehouse.testing.PrometheusFormat;
import dev.gatehouse.testing.LogCapture;
import dev.gatehouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PROXY v1/v2 from a trusted peer sets the client address; anything else is refused. */
class ProxyProtocolTest {

    @TempDir
    Path dir;
    private LogCapture lines;

    @BeforeEach
    void capture() {
        lines = LogCapture.of("gatehouse.access");
    }

    @AfterEach
    void release() {
        lines.close();
    }

    private TestServer start(String trusted) {
        return TestServer.builder(dir).property("listener.https.proxy-protocol", "true")
                .property("listener.http.proxy-protocol", "true").property("listener.trusted-proxies", trusted)
                .property("log.access-format", "json").start();
    }

    static byte[] v1(String src, int srcPort, int dstPort) {
        return ("PROXY TCP4 " + src + " 127.0.0.1 " + srcPort + " " + dstPort + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] v2(byte[] src, int srcPort, int dstPort) {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21).put((byte) 0x11).putShort((short) 12); // v2 PROXY, TCP over IPv4, 12 address bytes
        b.put(src).put(new byte[] {127, 0, 0, 1}).putShort((short) srcPort).putShort((short) dstPort);
        return b.array();
    }

    /** Sends the header, then an HTTPS request on the same connection; returns the status line. */
    private static String httpsThroughHeader(TestServer server, byte[] header) throws IOException {
        try (Socket raw = new Socket("127.0.0.1", server.httpsPort())) {
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write(header);
            raw.getOutputStream().flush();
            SSLSocket tls = (SSLSocket) server.clientSslContext().getSocketFactory()
                    .createSocket(raw, "localhost", server.httpsPort(), true);
            tls.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            return firstLine(tls.getInputStream());
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            out.write(c);
        }
        return out.toString(StandardCharsets.US_ASCII).trim();
    }

    private int seen;

    /** The remote of the next access log line (bounded wait: it is written after the response). */
    private String lastRemote() throws InterruptedException {
        for (int i = 0; i < 200 && lines.messages().size() <= seen; i++) {
            Thread.sleep(20);
        }
        seen = lines.messages().size();
        return (String) MiniJson.object(lines.last()).get("remote");
    }

    private static double refused() {
        return PrometheusFormat.parse(MetricsExporter.render(Metrics.global(), new NoGauges()))
                .get("gatehouse_proxy_protocol_refused_total{}");
    }

    @Test
    void v1AndV2SetTheClientAddressOnHttps() throws Exception {
        try (TestServer server = start("127.0.0.0/8")) {
            assertThat(httpsThroughHeader(server, v1("203.0.113.7", 40000, 443))).isEqualTo("HTTP/1.1 200 OK");
            assertThat(lastRemote()).isEqualTo("203.0.113.7");
            assertThat(httpsThroughHeader(server, v2(new byte[] {(byte) 198, 51, 100, 9}, 40001, 443)))
                    .isEqualTo("HTTP/1.1 200 OK");
            assertThat(lastRemote()).isEqualTo("198.51.100.9");
        }
    }

    @Test
    void plainListenerToo() throws Exception {
        try (TestServer server = start("127.0.0.1")) {
            try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(v1("192.0.2.44", 1234, 80));
                s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(firstLine(s.getInputStream())).isEqualTo("HTTP/1.1 308 Permanent Redirect");
            }
            assertThat(lastRemote()).isEqualTo("192.0.2.44");
        }
    }

    @Test
    void untrustedPeerAndMissingHeaderAreRefused() throws Exception {
        try (TestServer server = start("10.0.0.0/8")) {
            double before = refused();
            try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(v1("192.0.2.44", 1234, 80));
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readAllOrReset(s.getInputStream())).isEmpty();
            } catch (IOException reset) {
                // a reset is a refusal too
            }
            assertThat(refusedAbove(before)).isGreaterThan(before);
        }
        try (TestServer server = start("127.0.0.1")) {
            double before = refused();
            try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readAllOrReset(s.getInputStream())).isEmpty();
            }
            assertThat(refusedAbove(before)).isGreaterThan(before);
        }
    }

    /** The decoder closes before it reports the bad header, so the count may trail the close (bounded wait). */
    private static double refusedAbove(double before) throws InterruptedException {
        double now = refused();
        for (int i = 0; i < 100 && now <= before; i++) {
            Thread.sleep(20);
            now = refused();
        }
        return now;
    }

    private static String readAllOrReset(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    private static final class NoGauges implements MetricsExporter.Gauges {
        @Override
        public int openConnections() {
            return 0;
        }

        @Override
        public boolean draining() {
            return false;
        }

        @Override
        public void certificates(MetricsExporter.CertificateSink sink) {
        }

        @Override
        public long sessionResumptions() {
            return -1;
        }
    }
}
