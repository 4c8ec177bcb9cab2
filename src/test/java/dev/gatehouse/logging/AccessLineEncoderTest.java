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
}
