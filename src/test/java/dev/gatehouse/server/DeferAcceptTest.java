package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.testing.TestServer;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code listener.*.defer-accept}: the kernel hands a connection to the server together with its first
 * bytes. A client that has connected but sent nothing is not the server's yet; one that speaks is
 * served at once, long before the deferral's 10 s are up.
 */
class DeferAcceptTest {

    private static final byte[] REQUEST = "GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll"})
    void aSilentConnectionStaysWithTheKernelUntilItSpeaks(String transport) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll does not load here");
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring does not load here");
        try (TestServer server = TestServer.builder(dir).property("server.transport", transport).start()) {
            for (int port : new int[] {server.httpsPort(), server.httpPort()}) {
                awaitConnections(server, 0); // the previous port's connection may still be closing
                try (Socket silent = connect(port)) {
                    assertStaysAtZero(server, 500);
                    // Plain HTTP gets a redirect on both ports (port unification on the HTTPS one).
                    assertThat(firstLine(silent)).isEqualTo("HTTP/1.1 308 Permanent Redirect");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "nio"})
    void withoutItTheServerTakesTheConnectionAtOnce(String how) throws Exception {
        TestServer.Builder builder = TestServer.builder(dir);
        if (how.equals("off")) {
            builder.property("listener.https.defer-accept", "off");
        } else {
            builder.property("server.transport", "nio"); // NIO has no such option: the key does nothing there
        }
        try (TestServer server = builder.start(); Socket silent = connect(server.httpsPort())) {
            awaitConnections(server, 1);
            assertThat(firstLine(silent)).isEqualTo("HTTP/1.1 308 Permanent Redirect");
        }
    }

    @Test
    void aSilentClientIsHandedOverOnceTheTimeIsUp() throws Exception {
        assumeTrue(IoUring.isAvailable() || Epoll.isAvailable(), "needs a native transport");
        try (TestServer server = TestServer.builder(dir).property("listener.https.defer-accept", "1s").start();
                Socket silent = connect(server.httpsPort())) {
            assertStaysAtZero(server, 300);
            // The kernel counts the time in SYN-ACK retransmissions: after 1 s it sends the SYN-ACK
            // again, and takes the client's answering ACK as the end of the wait.
            awaitConnections(server, 1);
        }
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000); // well below the 10 s deferral: an answer proves the first bytes handed it over
        return s;
    }

    /** Within 10 s, which the handover after a 1 s deferral also needs to fit in. */
    private static void awaitConnections(TestServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.server().openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.server().openConnections()).as("connections the server holds").isEqualTo(expected);
    }

    private static void assertStaysAtZero(TestServer server, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            assertThat(server.server().openConnections()).as("connections the server holds").isZero();
            Thread.sleep(10);
        }
    }

    private static String firstLine(Socket s) throws Exception {
        s.getOutputStream().write(REQUEST);
        s.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
}
