package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.SniClient;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Certificate files replaced under a running server: one client holds a keep-alive connection, another
 * connects in a loop. The held connection continues, new handshakes get the new certificate, nothing fails.
 */
class CertificateReloadTest {

    enum Swap {
        /** Write new files next to the old ones, rename over them. */
        RENAME,
        /** Kubernetes secret volume: tls.crt -> ..data/tls.crt, ..data -> ..2026_x, swap ..data. */
        KUBERNETES_DATA_LINK,
        /** certbot: live/x/fullchain.pem -> ../../archive/x/fullchainN.pem, links re-pointed on renewal. */
        LETSENCRYPT_LIVE_LINKS
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Swap.class)
    void replacedFilesServeNewHandshakesAndKeepOpenConnections(Swap swap) throws Exception {
        TestPki pki = TestPki.create();
        TestPki.Leaf first = pki.leaf("localhost").sans("localhost", "127.0.0.1").issue();
        TestServer.Builder builder = TestServer.builder(dir).pki(pki);
        Layout layout = new Layout(dir, swap);
        layout.install(first, 1);
        builder.property(swap == Swap.LETSENCRYPT_LIVE_LINKS ? "tls.letsencrypt-dir" : "tls.certificate",
                layout.configuredCertificate().toString());
        if (swap != Swap.LETSENCRYPT_LIVE_LINKS) {
            builder.property("tls.certificate-private-key", layout.configuredKey().toString());
        }
        try (TestServer server = builder.start();
                Reloader reloader = new Reloader(server.server(), Duration.ofSeconds(1)).watch();
                SSLSocket held = SniClient.connect(server.clientSslContext(), server.httpsPort(), null)) {
            assertThat(keepAliveGet(held)).startsWith("HTTP/1.1 200 ");
            assertThat(SniClient.peerLeaf(held).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());

            Looper looper = new Looper(server);
            Thread loop = new Thread(looper);
            loop.start();
            try {
                looper.awaitRequests(3);
                TestPki.Leaf second = pki.leaf("localhost").sans("localhost", "127.0.0.1").issue();
                layout.install(second, 2);
                long changedAt = System.nanoTime();
                BigInteger wanted = second.certificate().getSerialNumber();
                long seenAt = looper.awaitSerial(wanted, Duration.ofSeconds(10));
                assertThat(seenAt).as("new serial seen by a new handshake").isPositive();
                assertThat(Duration.ofNanos(seenAt - changedAt)).isLessThan(Duration.ofSeconds(2));
                looper.awaitRequests(looper.requests.get() + 3);
            } finally {
                looper.stop.set(true);
                loop.join(10_000);
            }
            assertThat(looper.failures).as("failed requests during the swap").isEmpty();
            assertThat(looper.serials).contains(first.certificate().getSerialNumber());
            // The held connection still works, on its original handshake.
            assertThat(keepAliveGet(held)).startsWith("HTTP/1.1 200 ");
            assertThat(SniClient.peerLeaf(held).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
        }
    }

    @Test
    void brokenReplacementKeepsTheOldCertificate() throws Exception {
        try (TestServer server = TestServer.builder(dir).start();
                Reloader reloader = new Reloader(server.server(), Duration.ofMillis(300)).watch()) {
            BigInteger before = serialOfNewHandshake(server);
            // A new certificate whose key did not come along: the pair does not match.
            TestPki.Leaf other = server.pki().leaf("localhost").issue();
            Path chain = dir.resolve("certs/chain.pem");
            other.writeChainPem(dir.resolve("certs/new.pem"));
            Files.move(dir.resolve("certs/new.pem"), chain, StandardCopyOption.ATOMIC_MOVE);
            assertThat(reloader.reloadCertificates()).isFalse();
            Thread.sleep(1500); // and the watcher's own attempt, which must fail the same way
            assertThat(serialOfNewHandshake(server)).isEqualTo(before);
            assertThat(server.client().send(java.net.http.HttpRequest.newBuilder(server.https("/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private static BigInteger serialOfNewHandshake(TestServer server) throws IOException {
        try (SSLSocket s = SniClient.connect(server.clientSslContext(), server.httpsPort(), null)) {
            return SniClient.peerLeaf(s).getSerialNumber();
        }
    }

    /** Files on disk in the layout under test; install(n) puts generation n in place the way that tool does. */
    private record Layout(Path dir, Swap swap) {
        Path configuredCertificate() {
            return switch (swap) {
                case RENAME -> dir.resolve("certs/fullchain.pem");
                case KUBERNETES_DATA_LINK -> dir.resolve("secret/tls.crt");
                case LETSENCRYPT_LIVE_LINKS -> dir.resolve("letsencrypt/live/example");
            };
        }

        Path configuredKey() {
            return swap == Swap.RENAME ? dir.resolve("certs/privkey.pem") : dir.resolve("secret/tls.key");
        }

        void install(TestPki.Leaf leaf, int generation) throws IOException {
            switch (swap) {
                case RENAME -> {
                    Path certs = Files.createDirectories(dir.resolve("certs"));
                    leaf.writeChainPem(certs.resolve(".fullchain.tmp"));
                    leaf.writeKeyPkcs8(certs.resolve(".privkey.tmp"));
                    Files.move(certs.resolve(".privkey.tmp"), certs.resolve("privkey.pem"), StandardCopyOption.ATOMIC_MOVE);
                    Files.move(certs.resolve(".fullchain.tmp"), certs.resolve("fullchain.pem"), StandardCopyOption.ATOMIC_MOVE);
                }
                case KUBERNETES_DATA_LINK -> {
                    Path secret = Files.createDirectories(dir.resolve("secret"));
                    Path data = Files.createDirectories(secret.resolve("..2026_0" + generation));
                    leaf.writeChainPem(data.resolve("tls.crt"));
                    leaf.writeKeyPkcs8(data.resolve("tls.key"));
                    Files.createSymbolicLink(secret.resolve("..data_tmp"), Path.of(data.getFileName().toString()));
                    Files.move(secret.resolve("..data_tmp"), secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
                    if (generation == 1) {
                        Files.createSymbolicLink(secret.resolve("tls.crt"), Path.of("..data/tls.crt"));
                        Files.createSymbolicLink(secret.resolve("tls.key"), Path.of("..data/tls.key"));
                    }
                }
                case LETSENCRYPT_LIVE_LINKS -> {
                    Path archive = Files.createDirectories(dir.resolve("letsencrypt/archive/example"));
                    Path live = Files.createDirectories(dir.resolve("letsencrypt/live/example"));
                    leaf.writeChainPem(archive.resolve("fullchain" + generation + ".pem"));
                    leaf.writeKeyPkcs8(archive.resolve("privkey" + generation + ".pem"));
                    for (String name : new String[] {"privkey", "fullchain"}) {
                        Path tmp = live.resolve(name + ".pem.new");
                        Files.createSymbolicLink(tmp, Path.of("../../archive/example/" + name + generation + ".pem"));
                        Files.move(tmp, live.resolve(name + ".pem"), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /** Connects, requests, records the serial, again and again, until told to stop (bounded). */
    private static final class Looper implements Runnable {
        final TestServer server;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong requests = new AtomicLong();
        final ConcurrentLinkedQueue<BigInteger> serials = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        volatile BigInteger lastSerial;
        volatile long lastSerialAt;

        Looper(TestServer server) {
            this.server = server;
        }

        @Override
        public void run() {
            for (int i = 0; i < 5000 && !stop.get(); i++) {
                try (SSLSocket s = SniClient.connect(server.clientSslContext(), server.httpsPort(), null)) {
                    BigInteger serial = SniClient.peerLeaf(s).getSerialNumber();
                    String response = SniClient.get(s, "localhost", "/");
                    if (!response.startsWith("HTTP/1.1 200 ")) {
                        failures.add(response.lines().findFirst().orElse("(empty)"));
                    }
                    if (!serial.equals(lastSerial)) {
                        lastSerialAt = System.nanoTime();
                        lastSerial = serial;
                    }
                    serials.add(serial);
                } catch (IOException e) {
                    failures.add(e.toString());
                }
                requests.incrementAndGet();
            }
        }

        void awaitRequests(long n) throws InterruptedException {
            for (int i = 0; i < 1000 && requests.get() < n; i++) {
                Thread.sleep(10);
            }
        }

        /** @return System.nanoTime() of the first handshake that saw the serial, or -1 */
        long awaitSerial(BigInteger serial, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < deadline) {
                if (serial.equals(lastSerial)) {
                    return lastSerialAt;
                }
                Thread.sleep(5);
            }
            return -1;
        }
    }

    /** GET / with keep-alive; reads exactly one response (head + Content-Length body). */
    static String keepAliveGet(SSLSocket socket) throws IOException {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(h);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
