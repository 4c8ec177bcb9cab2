package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** One WARN line per failed handshake with peer and reason; peers that just go away are not errors. */
class HandshakeLoggingTest {

    @TempDir
    Path dir;
    TestServer server;
    ListAppender<ILoggingEvent> appender;
    Logger logger;

    @BeforeEach
    void setUp() {
        server = TestServer.builder(dir).start();
        logger = (Logger) LoggerFactory.getLogger("gatehouse.tls");
        appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(appender);
        server.close();
    }

    /**
     * WARN and above so far. The server logs on its event loop after the client has seen the
     * failure, so this first waits up to 5 s for {@code atLeast} of them, then 300 ms more in which a
     * line too many would show.
     */
    private List<ILoggingEvent> warnings(int atLeast) throws InterruptedException {
        for (int i = 0; i < 250 && warnOrAbove(appender).size() < atLeast; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        return warnOrAbove(appender);
    }

    private static List<ILoggingEvent> warnOrAbove(ListAppender<ILoggingEvent> events) {
        synchronized (events) { // the lock ListAppender's doAppend holds while it adds
            return events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
        }
    }

    @Test
    void anUntrustingClientCausesOneWarnLineNamingThePeer() throws Exception {
        try (SSLSocket s = (SSLSocket) TestServer.clientSslContext(TestPki.create()).getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            s.startHandshake();
        } catch (javax.net.ssl.SSLHandshakeException expected) {
            // the client rejects our certificate and sends an alert
        }
        List<ILoggingEvent> warnings = warnings(1);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).startsWith("TLS handshake failed from /127.0.0.1:");
        assertThat(warnings.get(0).getThrowableProxy()).as("stack trace only at DEBUG").isNull();
    }

    @Test
    void aPeerThatConnectsAndLeavesIsNotAnError() throws Exception {
        new Socket("127.0.0.1", server.httpsPort()).close();
        assertThat(warnings(0)).isEmpty();
    }

    /** 3 bytes: still in port detection; 9: a record header and part of a ClientHello, in the TLS handler. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 9})
    void aPeerThatResetsMidHandshakeLeavesNoWarning(int bytes) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> all = new ListAppender<>();
        all.start();
        root.addAppender(all);
        try {
            for (int i = 0; i < 5; i++) {
                try (Socket s = new Socket("127.0.0.1", server.httpsPort())) {
                    byte[] start = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc}; // a ClientHello's first bytes
                    s.getOutputStream().write(start, 0, bytes);
                    s.getOutputStream().flush();
                    Thread.sleep(50);
                    s.setSoLinger(true, 0); // close with a TCP reset, as load generators and crawlers do
                }
            }
            Thread.sleep(300);
            assertThat(warnOrAbove(all).stream().map(ILoggingEvent::getFormattedMessage)).isEmpty();
        } finally {
            root.detachAppender(all);
        }
    }
}
