package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden training command of the launcher's class-data archive, in its own JVM (it installs
 * signal handlers and ends the logging context): it serves its own requests over HTTP/1.1 and HTTP/2,
 * exits 0, leaves no files behind, and stays out of the usage text.
 */
class CdsTrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesItsOwnRequestsOverBothProtocolsAndCleansUp() throws Exception {
        String output = train(60);
        // 7 requests per protocol and the redirect listener's 308; a failed one would exit 1.
        assertThat(output).contains("gatehouse cds-train: 15 requests answered as expected (HTTP/1.1, HTTP/2)")
                .contains("HTTPS listening on 127.0.0.1:").contains("stopped");
    }

    /**
     * {@code --profile} (the launcher's Java 25+ AOT cache training) adds traffic of every kind; every
     * answer is checked as it comes (a wrong status or a broken connection makes the command exit 1),
     * so exit 0 with all of it sent means the server handled all of it.
     */
    @Test
    void profileTrafficIsAnsweredAsExpected() throws Exception {
        String output = train(90, "--profile");
        // 15 checked requests, then 600 new connections (400 with a request; 200 given up before or
        // inside the handshake, or before the response), 6 lanes × 900 keep-alive, 6,000 HTTP/2
        // streams (whole batches of 20), 4 + 24 large downloads, unless the 30 s budget ran out.
        assertThat(output).containsPattern("profile traffic: handshakes \\d+ in \\d+ ms, http/1\\.1 \\d+ in \\d+ ms, "
                + "h2 \\d+ in \\d+ ms, large \\d+ in \\d+ ms");
        java.util.regex.Matcher total = java.util.regex.Pattern
                .compile("cds-train: (\\d+) requests answered as expected").matcher(output);
        assertThat(total.find()).as(output).isTrue();
        assertThat(Integer.parseInt(total.group(1))).as(output).isGreaterThan(1_000);
    }

    /**
     * Runs {@code cds-train ARGS} in its own JVM with a private java.io.tmpdir; asserts that it ended
     * within {@code seconds} with exit 0 and left nothing in that folder; returns its output.
     */
    private String train(int seconds, String... args) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("train.log");
        List<String> command = new java.util.ArrayList<>(List.of(javaBinary(), "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "cds-train"));
        command.addAll(List.of(args));
        Process train = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = train.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            train.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(ended).as(output).isTrue();
        assertThat(train.exitValue()).as(output).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("files left in java.io.tmpdir").isEmpty();
        }
        return output;
    }

    @Test
    void isHiddenFromTheUsageText() {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute("--help");
        } finally {
            System.setOut(oldOut);
        }
        String usage = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(usage).contains("serve", "run", "check", "version").doesNotContain("cds-train");
        assertThat(List.of(usage.split("\n"))).noneMatch(line -> line.contains("class-data"));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
