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
            String problem = unusableLogDir(Path.of(System.getProperty("gatehouse.log.dir")));
            if (problem == null) {
                System.setProperty("logback.configurationFile", logback.toString());
            } else {
                // Serving matters more than log files: say so once and log to the console, instead of
                // Logback's screenful of stack traces for every file appender.
                System.err.println("gatehouse: " + problem + "; logging to the console only (set GATEHOUSE_LOG_DIR"
                        + " or fix the folder's owner)");
            }
        }
    }

    /** Null if log files can be written in {@code dir} (creating it if needed), else why not. */
    static String unusableLogDir(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException | SecurityException e) {
            return "log directory " + dir + " cannot be created (" + e.getClass().getSimpleName() + ")";
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            return "log directory " + dir + " is not writable by this user";
        }
        return null;
    }

    static void consoleOnly() {
        // The built-in logback.xml on the class path is what Logback finds by default.
    }

    /** Flushes asynchronous appenders (the access log) before the JVM exits. */
    static void stop() {
        dev.gatehouse.logging.AccessLog.flush();
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }
}
