package dev.gatehouse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code run.pid-file}: written (atomically, by rename) once the listeners are bound, removed at exit
 * if it still holds our pid. Read by {@code gatehouse reload} to find the daemon.
 */
final class PidFile {

    private PidFile() {
    }

    /** @return false (after one line on {@code err}) if the file cannot be written */
    static boolean write(Path file, PrintStream err) {
        if (file == null) {
            return true;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            err.println("gatehouse: run.pid-file: \"" + file + "\" cannot be written (" + e
                    + "; expected: a path in a folder this user may write, e.g. /run/gatehouse/gatehouse.pid"
                    + " with RuntimeDirectory=gatehouse in the systemd unit)");
            return false;
        }
    }

    static void remove(Path file) {
        if (file == null) {
            return;
        }
        try {
            if (read(file) == ProcessHandle.current().pid()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | NumberFormatException e) {
            // Someone else's file now, or gone: leave it.
        }
    }

    static long read(Path file) throws IOException {
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }
}
