package dev.gatehouse.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped conf/logback.xml writes access lines through {@link AccessLineEncoder}, byte for byte. */
class AccessLineEncoderTest {

    @Test
    void shippedConfigurationWritesEachMessageAsUtf8LinesEndingInALineFeed(@TempDir Path logs) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what the SLF4J provider gives its own context
        context.putProperty("gatehouse.log.dir", logs.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("conf/logback.xml").toFile());
        try {
            ch.qos.logback.classic.Logger access = context.getLogger("gatehouse.access");
            var async = (ch.qos.logback.classic.AsyncAppender) access.getAppender("ASYNC_ACCESS");
            var file = (ch.qos.logback.core.OutputStreamAppender<?>) async.getAppender("ACCESS_FILE");
            assertThat(file.getEncoder()).isInstanceOf(AccessLineEncoder.class);
            access.info("1.2.3.4 - - [a batch] \"GET / HTTP/1.1\" 200 5\n5.6.7.8 - - [of two] \"GET /x HTTP/2.0\" 404 -");
            access.info("{\"path\":\"/caf\u00e9\"}");
        } finally {
            context.stop(); // drains the async appender
        }
        byte[] written = Files.readAllBytes(logs.resolve("access.log"));
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(
                "1.2.3.4 - - [a batch] \"GET / HTTP/1.1\" 200 5\n5.6.7.8 - - [of two] \"GET /x HTTP/2.0\" 404 -\n"
                        + "{\"path\":\"/caf\u00e9\"}\n");
        assertThat(written).endsWith("\u00e9\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void batchesFormattedAsBytesReachTheFileUnchanged(@TempDir Path logs) throws Exception {
        byte[] lines = "1.2.3.4 - - [x] \"GET /a HTTP/2.0\" 200 5\n5.6.7.8 - - [y] \"GET /b HTTP/1.1\" 404 -\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(written(logs, "conf/logback.xml", lines)).isEqualTo(lines);
    }

    @Test
    void aPatternLayoutStillGetsTheLinesAsItsMessage(@TempDir Path logs) throws Exception {
        Path config = logs.resolve("logback.xml");
        Files.writeString(config, """
                <configuration>
                  <appender name="F" class="ch.qos.logback.core.FileAppender">
                    <file>${gatehouse.log.dir}/access.log</file>
                    <encoder><pattern>[%level] %msg%n</pattern></encoder>
                  </appender>
                  <appender name="A" class="ch.qos.logback.classic.AsyncAppender"><appender-ref ref="F"/></appender>
                  <logger name="gatehouse.access" level="INFO" additivity="false"><appender-ref ref="A"/></logger>
                </configuration>
                """);
        byte[] lines = "first line\nsecond line\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(written(logs, config.toString(), lines), StandardCharsets.US_ASCII))
                .isEqualTo("[INFO] first line\nsecond line\n");
    }

    /** Sends one batch event through {@code config} and returns what access.log then holds. */
    private static byte[] written(Path logs, String config, byte[] lines) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("gatehouse.log.dir", logs.toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of(config).toFile());
        try {
            ch.qos.logback.classic.Logger access = context.getLogger("gatehouse.access");
            access.callAppenders(new AccessLinesEvent(access, lines));
        } finally {
            context.stop();
        }
        return Files.readAllBytes(logs.resolve("access.log"));
    }
}
