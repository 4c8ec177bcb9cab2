package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The picocli-free start path takes exactly what picocli would read the same way, and nothing else. */
class PlainRunTest {

    private static final List<String[]> TAKEN = List.of(
            new String[] {"run"},
            new String[] {"run", "-c", "conf/gatehouse.properties"},
            new String[] {"run", "--config", "/etc/gatehouse/gatehouse.properties"},
            new String[] {"run", "--config=/etc/gatehouse/gatehouse.properties"},
            new String[] {"run", "-c", "a folder/with spaces.properties"},
            new String[] {"run", "-c", "run"},
            new String[] {"run", "-c", "check"},
            new String[] {"run", "-c", "x=y"},
            new String[] {"run", "--config=x=y"});

    private static final List<String[]> LEFT_TO_PICOCLI = List.of(
            new String[] {},
            new String[] {"RUN"},
            new String[] {"serve"},
            new String[] {"check", "-c", "x"},
            new String[] {"run", "extra"},
            new String[] {"run", "-c"},
            new String[] {"run", "-cfile"},
            new String[] {"run", "-c=file"},
            new String[] {"run", "-c", "-x"},
            new String[] {"run", "-c", "--help"},
            new String[] {"run", "--help"},
            new String[] {"run", "-c", "@args"},
            new String[] {"run", "--config=@args"},
            new String[] {"run", "--config="},
            new String[] {"run", "-c", ""},
            new String[] {"run", "--", "x"},
            new String[] {"run", "-c", "a\0b"},
            new String[] {"run", "-c", "a", "-c", "b"},
            new String[] {"run", "--config", "a", "extra"});

    @Test
    void takesThePlainShapesExactlyAsPicocliReadsThem() {
        for (String[] args : TAKEN) {
            RunCommand plain = PlainRun.parse(args);
            assertThat(plain).as(String.join(" ", args)).isNotNull();
            CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args);
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
            RunCommand viaPicocli = (RunCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(plain.config).as(String.join(" ", args)).isEqualTo(viaPicocli.config);
        }
        assertThat(PlainRun.parse("run", "--config=conf/x.properties").config).isEqualTo(Path.of("conf/x.properties"));
        assertThat(PlainRun.parse("run").config).isNull();
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (String[] args : LEFT_TO_PICOCLI) {
            assertThat(PlainRun.parse(args)).as(String.join(" ", args)).isNull();
        }
    }

    @Test
    void unexpectedErrorsEndLikePicocliEndsThem() {
        java.util.concurrent.Callable<Integer> failing = () -> {
            throw new IllegalStateException("boom");
        };
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = PlainRun.execute(failing);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("gatehouse: unexpected error: java.lang.IllegalStateException: boom");
    }
}
