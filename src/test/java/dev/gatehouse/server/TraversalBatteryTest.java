package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.testing.TestServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path traversal, attacker's way: the word lists Debian's wfuzz ships plus Java-specific encodings,
 * sent raw over TLS against a document root four levels deep, with a canary file at every level above
 * it (named like the files the lists aim at) and symlinks pointing out of it. No response may contain
 * the canary.
 */
class TraversalBatteryTest {

    private static final Path WORDLISTS = Path.of("/usr/share/wfuzz/wordlist");
    private static final String CANARY = "CANARY-7f3a9c";

    @TempDir
    Path dir;

    @Test
    void noResponseEverContainsTheCanary() throws Exception {
        List<String> payloads = payloads();
        assumeTrue(payloads.size() > 100 || System.getenv("CI") != null,
                "wfuzz word lists not installed (apt-get install wfuzz); .ci/run installs them");
        assertThat(payloads.size()).as("word lists present in CI").isGreaterThan(2000);

        Path root = dir.resolve("a/b/c/www");
        Files.createDirectories(root);
        Path level = root;
        for (int i = 0; i < 4; i++) {
            level = level.getParent();
            for (String name : List.of("etc/passwd", "etc/hosts", "boot.ini", "windows/win.ini", "canary.txt", "WEB-INF/web.xml")) {
                Path f = level.resolve(name);
                Files.createDirectories(f.getParent());
                Files.writeString(f, CANARY + " " + name);
            }
        }
        Files.writeString(root.resolve("index.html"), "index");
        Files.createSymbolicLink(root.resolve("link-out"), dir.resolve("a"));
        Files.createSymbolicLink(root.resolve("passwd"), dir.resolve("a/etc/passwd"));
        Files.createDirectories(root.resolve("sub"));
        Files.createSymbolicLink(root.resolve("sub/up"), dir.resolve("a/b/c"));

        try (TestServer server = TestServer.builder(dir).property("static.root", root.toString()).start()) {
            SSLContext ssl = server.clientSslContext();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> results = new ArrayList<>();
            for (String payload : payloads) {
                results.add(pool.submit(() -> fetch(ssl, server.httpsPort(), payload)));
            }
            List<String> leaks = Collections.synchronizedList(new ArrayList<>());
            int answered = 0;
            for (int i = 0; i < results.size(); i++) {
                String response = results.get(i).get();
                if (response.contains(CANARY)) {
                    leaks.add(payloads.get(i));
                }
                if (response.startsWith("HTTP/1.1 ")) {
                    answered++;
                }
            }
            pool.shutdown();
            assertThat(leaks).as("payloads that leaked the canary").isEmpty();
            assertThat(answered).as("the server answered (not just dropped) nearly every payload")
                    .isGreaterThan(payloads.size() * 9 / 10);
            // And it still serves honest requests.
            assertThat(fetch(ssl, server.httpsPort(), "index.html")).startsWith("HTTP/1.1 200").contains("index");
        }
    }

    private static String fetch(SSLContext ssl, int port, String payload) throws Exception {
        String target = payload.startsWith("/") ? payload : "/" + payload;
        try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static List<String> payloads() throws Exception {
        Set<String> all = new LinkedHashSet<>();
        for (String list : List.of("vulns/dirTraversal.txt", "vulns/dirTraversal-nix.txt", "vulns/dirTraversal-win.txt",
                "Injections/Traversal.txt")) {
            Path file = WORDLISTS.resolve(list);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    if (!line.isBlank()) {
                        all.add(line.strip());
                    }
                }
            }
        }
        // Java- and servlet-container-specific encodings and a few of our own.
        for (String prefix : List.of("..;/", "%252e%252e/", "%c0%ae%c0%ae/", "%ef%bc%8e%ef%bc%8e/", "..%5c", "%2e%2e%5c",
                "..%00/", "%2e%2e/", "..%2f", "%2e%2e%2f", ".%2e/", "%2e./", "..\\", "....//", "..%c0%af", "..%e0%80%af",
                "%u002e%u002e/", "..%252f", "/..%2f", "link-out/../", "sub/up/../../")) {
            for (int depth = 1; depth <= 6; depth++) {
                String up = prefix.repeat(depth);
                all.add(up + "etc/passwd");
                all.add(up + "canary.txt");
            }
        }
        all.add("link-out/etc/passwd");
        all.add("passwd");
        all.add("sub/up/canary.txt");
        all.add("sub/up/../canary.txt");
        all.add("%2e%2e/%2e%2e/%2e%2e/%2e%2e/canary.txt%00.html");
        return new ArrayList<>(all);
    }
}
