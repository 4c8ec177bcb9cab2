package dev.gatehouse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs a command-line client (curl, h2load, python3) with a time bound; skips the test if it is absent. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** Skips the calling test, with the reason, when {@code tool} is not on the PATH. */
    public static String require(String tool, String debianPackage) {
        return find(tool).orElseGet(() -> {
            Assumptions.abort(tool + " is not installed (Debian package " + debianPackage + "; .ci/run installs it)");
            return null;
        });
    }

    /** {@code tool}'s path on the PATH, if it is there. */
    public static Optional<String> find(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(Path workDir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(workDir.toFile());
        pb.environment().put("NO_PROXY", "*");
        pb.environment().remove("http_proxy");
        pb.environment().remove("https_proxy");
        Path out = Files.createTempFile(workDir, "tool", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, Files.readString(out, StandardCharsets.UTF_8) + "\n[timed out]");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
