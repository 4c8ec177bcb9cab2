package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.config.IoTransport;
import dev.gatehouse.testing.TestServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code server.transport}: every transport serves the same bytes over real TLS, HTTP/1.1 and HTTP/2. */
class TransportsTest {

    @TempDir
    Path dir;

    /** The buffer ring only applies to io_uring: the others, and io_uring with it off, read as before. */
    @ParameterizedTest
    @CsvSource({"epoll, 256", "io_uring, 256", "io_uring, 16", "io_uring, 16384", "io_uring, off", "nio, 256"})
    void eachTransportServesSmallAndLargeFilesOverBothProtocols(String transport, String ring) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll does not load here");
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring does not load here");
        TestServer.Builder builder = TestServer.builder(dir).property("server.transport", transport)
                .property("server.io-uring-buffer-ring", ring);
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);
        Files.write(builder.docroot().resolve("large.bin"), large);
        Files.writeString(builder.docroot().resolve("small.txt"), "small\n");
        try (TestServer server = builder.start()) {
            assertThat(server.server().transportLabel()).isEqualTo(transport);
            assertThat(server.server().readBufferRing()).isEqualTo(
                    transport.equals("io_uring") && !ring.equals("off") && IoUring.isRegisterBufferRingSupported()
                            ? Integer.parseInt(ring) : 0);
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpClient client = server.client(version, "TLSv1.3");
                HttpResponse<String> small = client.send(HttpRequest.newBuilder(server.https("/small.txt")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(small.statusCode()).isEqualTo(200);
                assertThat(small.body()).isEqualTo("small\n");
                assertThat(small.version()).isEqualTo(version);
                HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(server.https("/large.bin")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(big.statusCode()).isEqualTo(200);
                assertThat(MessageDigest.getInstance("SHA-256").digest(big.body()))
                        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(large));
            }
        }
    }

    /**
     * Accepted sockets have Nagle's algorithm off on every transport, on both ports. The server relies
     * on Netty's default for that (it sets no TCP_NODELAY child option of its own, which would cost a
     * system call per connection), so this checks that the default still holds: with Nagle on, a
     * response written in two parts could wait up to 40 ms for the client's delayed ACK.
     */
    @ParameterizedTest
    @CsvSource({"epoll", "io_uring", "nio"})
    void acceptedConnectionsHaveNagleOff(String transport) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll does not load here");
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring does not load here");
        TestServer.Builder builder = TestServer.builder(dir).property("server.transport", transport)
                .property("listener.http.mode", "serve");
        Files.writeString(builder.docroot().resolve("small.txt"), "small\n");
        try (TestServer server = builder.start()) {
            HttpClient client = server.client();
            // The clients keep their connections open, so the server still holds both afterwards.
            assertThat(client.send(HttpRequest.newBuilder(server.https("/small.txt")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(server.http("/small.txt")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            List<Channel> connections = server.server().connections();
            assertThat(connections).hasSize(2);
            for (Channel c : connections) {
                assertThat(c.config().getOption(ChannelOption.TCP_NODELAY))
                        .as("TCP_NODELAY on %s", c).isTrue();
            }
        }
    }

    /**
     * Many connections on one loop whose ring holds at most 16 buffers: a burst of reads can find it
     * empty (the kernel answers ENOBUFS and Netty asks for the read again once buffers are back; the
     * test does not count how often that happens), and every handshake and response must still
     * complete, over both protocols.
     */
    @Test
    void aSmallBufferRingServesManyConcurrentConnections() throws Exception {
        assumeTrue(IoUring.isAvailable() && IoUring.isRegisterBufferRingSupported(), "no io_uring buffer rings here");
        TestServer.Builder builder = TestServer.builder(dir).property("server.transport", "io_uring")
                .property("server.io-uring-buffer-ring", "16").property("server.io-threads", "1");
        byte[] file = new byte[64 * 1024 + 3];
        new Random(11).nextBytes(file);
        Files.write(builder.docroot().resolve("64k.bin"), file);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(file);
        try (TestServer server = builder.start()) {
            assertThat(server.server().readBufferRing()).isEqualTo(16);
            for (HttpClient.Version version : HttpClient.Version.values()) {
                // HTTP/1.1: one client opens a connection per request in flight (64). HTTP/2 multiplexes
                // a client's requests on one connection: 16 clients, 4 streams each.
                List<HttpClient> clients = new ArrayList<>();
                for (int i = 0; i < (version == HttpClient.Version.HTTP_1_1 ? 1 : 16); i++) {
                    clients.add(server.client(version, "TLSv1.3"));
                }
                List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    responses.add(clients.get(i % clients.size()).sendAsync(
                            HttpRequest.newBuilder(server.https("/64k.bin")).build(),
                            HttpResponse.BodyHandlers.ofByteArray()));
                }
                for (CompletableFuture<HttpResponse<byte[]>> f : responses) {
                    HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.version()).isEqualTo(version);
                    assertThat(MessageDigest.getInstance("SHA-256").digest(r.body())).isEqualTo(digest);
                }
            }
        }
    }

    @Test
    void autoIsIoUringWhereItLoadsAndEpollForSocketsFromSystemd() {
        assumeTrue(Epoll.isAvailable() && IoUring.isAvailable(), "epoll or io_uring does not load here");
        assertThat(Transports.choose(IoTransport.AUTO, false)).isEqualTo(Transports.IO_URING);
        assertThat(Transports.choose(IoTransport.AUTO, true)).isEqualTo(Transports.EPOLL);
    }

    @Test
    void ioUringRefusesSocketsPassedBySystemdWithAClearReason() {
        assumeTrue(IoUring.isAvailable(), "io_uring does not load here");
        assertThatThrownBy(() -> Transports.choose(IoTransport.IO_URING, true))
                .hasMessageStartingWith("server.transport: \"io_uring\" cannot adopt the sockets systemd passed");
    }

    /**
     * A socket systemd passed gets {@code listener.*.defer-accept} once adopted (the option is read back
     * from the kernel, which counts in SYN-ACK retransmissions: 1 s and 3 s come back as they are).
     */
    @Test
    void anAdoptedListeningSocketTakesTheDeferralAndOff() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll does not load here");
        io.netty.channel.MultiThreadIoEventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.epoll.EpollIoHandler.newFactory());
        try {
            Channel listening = new io.netty.bootstrap.ServerBootstrap().group(group)
                    .channel(io.netty.channel.epoll.EpollServerSocketChannel.class)
                    .childHandler(new io.netty.channel.ChannelInboundHandlerAdapter())
                    .bind("127.0.0.1", 0).sync().channel();
            for (int seconds : new int[] {3, 1, 0}) {
                Transports.deferAccept(listening, java.time.Duration.ofSeconds(seconds));
                assertThat(listening.config().getOption(io.netty.channel.epoll.EpollChannelOption.TCP_DEFER_ACCEPT))
                        .isEqualTo(seconds);
            }
            listening.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
