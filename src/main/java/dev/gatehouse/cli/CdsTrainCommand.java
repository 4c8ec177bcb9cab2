package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.server.GatehouseServer;
import dev.gatehouse.systemd.SystemdNotifier;
import dev.gatehouse.tls.DevCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse cds-train}, hidden: the training run behind the launcher's class-data sharing
 * archive (scripts/gatehouse runs it once per jar and JVM under {@code -XX:ArchiveClassesAtExit}). It
 * starts the real server on 127.0.0.1 with ephemeral ports, a throwaway development certificate and a
 * throwaway document root, sends it a few HTTPS requests over HTTP/1.1 and HTTP/2 (and one plain HTTP
 * request to the redirect listener) so that the request path's classes get loaded, stops it
 * gracefully and deletes its files. Logging goes through a bundled Logback file with the same appender
 * types as conf/logback.xml, writing into the throwaway folder: the operator's logback.xml may send
 * logs elsewhere, and a training run must not show up there. Prints one summary line; exit 0 only
 * if every response was the expected one, else 1.
 */
@Command(name = "cds-train", hidden = true,
        description = "Internal: exercise a throwaway server so a class-data archive can be recorded.")
final class CdsTrainCommand implements Callable<Integer> {

    static final String LOGBACK_RESOURCE = "cds-train-logback.xml";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROFILE_BUDGET = Duration.ofSeconds(30);

    @Option(names = "--profile", description = "Also send a few thousand requests of every kind, so that the "
            + "run's method profiles (kept by a Java 25+ AOT cache) cover them (TrainingTraffic).")
    boolean profile;

    @Override
    public Integer call() {
        Path work;
        try {
            work = Files.createTempDirectory("gatehouse-cds-train");
        } catch (IOException e) {
            System.err.println("gatehouse cds-train: cannot create a temporary folder: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("gatehouse.log.dir", work.resolve("logs").toString());
            System.setProperty("logback.configurationFile", LOGBACK_RESOURCE);
        }
        try {
            return train(work, profile);
        } finally {
            LogSetup.stop();
            deleteQuietly(work);
        }
    }

    private static int train(Path work, boolean profile) {
        DevCertificates.DevFiles certs;
        Path root = work.resolve("docroot");
        try {
            certs = DevCertificates.ensure(work.resolve("state"));
            Files.createDirectories(root);
            Files.writeString(root.resolve("index.html"), "<!doctype html><title>gatehouse</title>\n"
                    + "<p>class-data training page</p>\n".repeat(64));
            byte[] blob = new byte[96 * 1024];
            for (int i = 0; i < blob.length; i++) {
                blob[i] = (byte) (i * 31 + (i >>> 8));
            }
            Files.write(root.resolve("blob.bin"), blob);
            if (profile) {
                // A small file the memory cache serves, and one large enough to be streamed.
                Files.write(root.resolve("small.bin"), Arrays.copyOf(blob, 1024));
                byte[] large = new byte[4 * 1024 * 1024];
                for (int i = 0; i < large.length; i += blob.length) {
                    System.arraycopy(blob, 0, large, i, Math.min(blob.length, large.length - i));
                }
                Files.write(root.resolve("large.bin"), large);
            }
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("gatehouse cds-train: cannot prepare " + work + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Properties p = new Properties();
        p.setProperty("listener.https.address", "127.0.0.1");
        p.setProperty("listener.https.port", "0");
        p.setProperty("listener.http.address", "127.0.0.1");
        p.setProperty("listener.http.port", "0");
        p.setProperty("listener.http.mode", "redirect");
        p.setProperty("tls.certificate", certs.chain().toString());
        p.setProperty("tls.certificate-private-key", certs.privateKey().toString());
        p.setProperty("static.root", root.toString());
        ServerConfig config;
        try {
            config = ConfigLoader.load(p, "gatehouse cds-train", work, null);
        } catch (ConfigException e) {
            e.problems().forEach(problem -> System.err.println("gatehouse cds-train: " + problem));
            return ExitCodes.INVALID_CONFIG;
        }
        // Never systemd's: the launcher is systemd's main process while this runs, not us.
        Daemon daemon = new Daemon(SystemdNotifier.disabled());
        List<String> failures = new ArrayList<>();
        int[] sent = {0};
        int code = daemon.run(config, System.err, server -> {
            // Runs on the main thread before the daemon waits for a stop request, so the stop request
            // below simply makes that wait return at once.
            try {
                sent[0] = exercise(server, certs.caCertificate(), failures);
                if (profile && failures.isEmpty()) {
                    TrainingTraffic traffic = new TrainingTraffic(trusting(certs.caCertificate()),
                            server.httpsPort(), failures, PROFILE_BUDGET);
                    sent[0] += traffic.run("/small.bin", "/large.bin");
                    System.out.println("gatehouse cds-train: profile traffic: " + traffic.phases());
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                failures.add("client set-up: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted");
            } finally {
                daemon.requestStop();
            }
        });
        if (code != ExitCodes.OK) {
            return code;
        }
        if (!failures.isEmpty()) {
            failures.forEach(f -> System.err.println("gatehouse cds-train: " + f));
            return ExitCodes.FAILURE;
        }
        System.out.println("gatehouse cds-train: " + sent[0] + " requests answered as expected (HTTP/1.1, HTTP/2)");
        return ExitCodes.OK;
    }

    /** Sends the requests; adds one line per unexpected answer; returns how many were sent. */
    private static int exercise(GatehouseServer server, Path caFile, List<String> failures)
            throws IOException, GeneralSecurityException, InterruptedException {
        SSLContext tls = trusting(caFile);
        String base = "https://127.0.0.1:" + server.httpsPort();
        int sent = 0;
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpClient client = HttpClient.newBuilder().version(version).sslContext(tls)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(REQUEST_TIMEOUT).build();
            HttpResponse<byte[]> page = send(client, get(base + "/index.html"), version, 200, failures);
            String etag = page == null ? null : page.headers().firstValue("etag").orElse(null);
            if (etag != null) {
                send(client, get(base + "/index.html").header("If-None-Match", etag), version, 304, failures);
            } else if (page != null) {
                failures.add("GET " + base + "/index.html over " + version + ": no ETag");
            }
            send(client, get(base + "/index.html").header("Accept-Encoding", "gzip"), version, 200, failures);
            send(client, get(base + "/index.html").method("HEAD", HttpRequest.BodyPublishers.noBody()), version, 200,
                    failures);
            send(client, get(base + "/blob.bin"), version, 200, failures);
            send(client, get(base + "/blob.bin").header("Range", "bytes=100-4195"), version, 206, failures);
            send(client, get(base + "/no-such-file"), version, 404, failures);
            sent += 7;
        }
        if (server.httpPort() > 0) {
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(REQUEST_TIMEOUT).build();
            send(plain, get("http://127.0.0.1:" + server.httpPort() + "/index.html"), HttpClient.Version.HTTP_1_1, 308,
                    failures);
            sent++;
        }
        return sent;
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
    }

    private static HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request, HttpClient.Version version,
            int expected, List<String> failures) throws InterruptedException {
        HttpRequest built = request.build();
        try {
            HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected || response.version() != version) {
                failures.add(built.method() + " " + built.uri() + ": " + response.statusCode() + " over "
                        + response.version() + ", expected " + expected + " over " + version);
            }
            return response;
        } catch (IOException e) {
            failures.add(built.method() + " " + built.uri() + " over " + version + ": " + e);
            return null;
        }
    }

    private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // A leftover temporary file is harmless.
                }
            });
        } catch (IOException e) {
            // Same.
        }
    }
}
