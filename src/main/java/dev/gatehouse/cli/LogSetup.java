package dev.gatehouse.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses the Logback configuration before the first logger exists: {@code run} uses the
 * {@code logback.xml} next to its config file and writes files to {@code gatehouse.log.dir};
 * everything else logs to the console with the built-in configuration.
 */
final class LogSetup {

    private LogSetup() {
    }

    static void forConfigFile(Path configFile) {
        Path dir = configFile.toAbsolutePath().normalize().getParent();
        if (System.getProperty("gatehouse.log.dir") == null) {
            String env = System.getenv("GATEHOUSE_LOG_DIR");
            System.setProperty("gatehouse.log.dir",
                    env != null && !env.isBlank() ? env : dir.resolveSibling("logs").toString());
        }
        Path logback = dir.resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isReadable(logback)) {
            System.setProperty("logback.configurationFile", logback.toString());
        }
    }

    static void consoleOnly() {
        // The built-in logback.xml on the class path is what Logback finds by default.
    }

    /** Flushes asynchronous appenders (the access log) before the JVM exits. */
    static void stop() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }
}
