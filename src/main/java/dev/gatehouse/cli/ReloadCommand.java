package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Like {@code nginx -s reload}: validates the configuration file first (an invalid one is reported and
 * nothing is sent), then sends SIGHUP to the daemon named by {@code run.pid-file}. The daemon loads and
 * proves everything again before swapping and logs the outcome; a rejected reload keeps it running as is.
 */
@Command(name = "reload", description = "Make the running daemon re-read its configuration and certificates.")
final class ReloadCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: conf/gatehouse.properties under the install folder).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Path file = config != null ? config : Home.defaultConfig();
        ServerConfig loaded;
        try {
            loaded = ConfigLoader.load(file);
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("gatehouse: " + p));
            System.err.println("gatehouse: not reloading: the running daemon keeps its configuration");
            return ExitCodes.INVALID_CONFIG;
        }
        if (loaded.pidFile() == null) {
            System.err.println("gatehouse: " + file + ": run.pid-file: not set (expected: the file the daemon writes"
                    + " its pid to, e.g. /run/gatehouse/gatehouse.pid); without it, send SIGHUP yourself"
                    + " (systemctl reload gatehouse)");
            return ExitCodes.INVALID_CONFIG;
        }
        long pid;
        try {
            pid = PidFile.read(loaded.pidFile());
        } catch (NoSuchFileException e) {
            System.err.println("gatehouse: " + loaded.pidFile() + " does not exist: is the daemon running?");
            return ExitCodes.FAILURE;
        } catch (IOException | NumberFormatException e) {
            System.err.println("gatehouse: " + loaded.pidFile() + ": cannot read a pid (" + e.getMessage() + ")");
            return ExitCodes.FAILURE;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            System.err.println("gatehouse: no process " + pid + " (from " + loaded.pidFile() + "): is the daemon running?");
            return ExitCodes.FAILURE;
        }
        if (ignoresSighup(pid)) {
            System.err.println("gatehouse: process " + pid + " ignores SIGHUP (was it started under nohup?), so it"
                    + " cannot be told to reload; restart it without nohup (under systemd, or in the foreground)");
            return ExitCodes.FAILURE;
        }
        // The JDK can only send TERM/KILL; kill(1) is everywhere the daemon's SIGHUP handler is.
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes()).trim();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            System.err.println("gatehouse: cannot signal process " + pid + ": " + output);
            return ExitCodes.FAILURE;
        }
        System.out.println("gatehouse: reload requested from process " + pid + "; its log shows the outcome");
        return ExitCodes.OK;
    }

    /**
     * Whether the process ignores SIGHUP (Linux: bit 0 of {@code SigIgn} in /proc/PID/status). A JVM
     * started with SIGHUP ignored, as {@code nohup} does, keeps it ignored and cannot install the
     * daemon's handler: the signal would be dropped while this command said it was sent.
     */
    static boolean ignoresSighup(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone: kill(1) below reports what it finds
        }
        return false;
    }
}
