package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ExternalTool;
import dev.gatehouse.testing.TestPki;
import dev.gatehouse.testing.TestServer;
import io.netty.channel.epoll.Epoll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket activation end to end: a parent (python3, playing systemd) binds a listening socket, puts it
 * at fd 3, sets LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES and execs a real {@code gatehouse run}; the
 * request goes to the parent's port, which the child never bound.
 */
class SocketActivationTest {

    @TempDir
    Path dir;

    private static final String PARENT = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "s.bind(('127.0.0.1', 0))",
            "s.listen(128)",
            "print(s.getsockname()[1], flush=True)",
            "fd = s.fileno()",
            "if fd != 3:",
            "    os.dup2(fd, 3)",
            "os.set_inheritable(3, True)",
            "env = dict(os.environ, LISTEN_PID=str(os.getpid()), LISTEN_FDS='1', LISTEN_FDNAMES='https')",
            "os.execve(sys.argv[1], sys.argv[1:], env)");

    @Test
    void servesTlsOnTheInheritedSocket() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "needs the epoll transport (Linux)");
        ExternalTool.require("python3", "python3");
        TestPki pki = TestPki.create();
        TestServer.Builder builder = TestServer.builder(dir).pki(pki).property("listener.http.mode", "off");
        Files.writeString(builder.docroot().resolve("hello.txt"), "hello from fd 3\n");
        Path config = builder.writeConfig();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder("python3", "-c", PARENT, java, "-cp", System.getProperty("java.class.path"),
                "-Dgatehouse.log.dir=" + dir.resolve("logs"), "dev.gatehouse.cli.Main", "run", "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int port = firstLineAsPort(log);
            HttpClient client = HttpClient.newBuilder().sslContext(TestServer.clientSslContext(pki))
                    .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(60)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/hello.txt"))
                    .timeout(Duration.ofSeconds(60)).build();
            // Connections queue in the inherited backlog from the start; the JVM answers once it is up.
            HttpResponse<String> response = client.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from fd 3\n");
            child.destroy(); // SIGTERM: graceful stop, exit 0
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            String output = Files.readString(log) + slurp(dir.resolve("logs"));
            assertThat(output).contains("using the socket passed by systemd (fd 3)");
        } finally {
            child.destroyForcibly();
        }
    }

    /** The parent prints the port first; bounded wait. */
    private static int firstLineAsPort(Path log) throws Exception {
        for (int i = 0; i < 300; i++) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            int nl = text.indexOf('\n');
            if (nl > 0) {
                return Integer.parseInt(text.substring(0, nl).trim());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the parent did not print its port");
    }

    private static String slurp(Path logs) throws Exception {
        StringBuilder sb = new StringBuilder();
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    sb.append(Files.readString(f));
                }
            }
        }
        return sb.toString();
    }
}
