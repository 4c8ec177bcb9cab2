package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSetupTest {

    @TempDir
    Path dir;

    @Test
    void aWritableFolderIsUsableAndCreatedIfMissing() {
        assertThat(LogSetup.unusableLogDir(dir.resolve("logs/nested"))).isNull();
        assertThat(dir.resolve("logs/nested")).isDirectory();
    }

    @Test
    void aFolderThatCannotExistIsReportedInOneLine() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        String problem = LogSetup.unusableLogDir(dir.resolve("file/logs"));
        assertThat(problem).startsWith("log directory " + dir.resolve("file/logs") + " cannot be created").doesNotContain("\n");
    }
}
