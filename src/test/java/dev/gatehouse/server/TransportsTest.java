package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.config.IoTransport;
import dev.gatehouse.testing.TestServer;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code server.transport}: every transport serves the same bytes over real TLS, HTTP/1.1 and HTTP/2. */
class TransportsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void eachTransportServesSmallAndLargeFilesOverBothProtocols(String transport) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll does not load here");
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring does not load here");
        TestServer.Builder builder = TestServer.builder(dir).property("server.transport", transport);
        byte[] large = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(large);
        Files.write(builder.docroot().resolve("large.bin"), large);
        Files.writeString(builder.docroot().resolve("small.txt"), "small\n");
        try (TestServer server = builder.start()) {
            assertThat(server.server().transportLabel()).isEqualTo(transport);
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
}
