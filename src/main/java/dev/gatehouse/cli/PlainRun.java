package dev.gatehouse.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Recognises the arguments a service starts with ({@code run}, {@code run -c FILE}, {@code run --config
 * FILE}, {@code run --config=FILE}) without building picocli's model of every command: that model, and
 * the loading and verification of picocli's classes, which the class-data archive cannot hold (they are
 * compiled for Java 5), cost about 0.15 s of a start on one core. Only these exact shapes, with a value
 * that picocli could not read as anything but a file name, are taken; everything else, help, a typo, a
 * repeated option, an {@code @file}, a value that starts with {@code -}, goes to picocli, so that its
 * parsing, usage and error messages stay the only ones. {@code PlainRunTest} holds both parsers to the
 * same result.
 */
final class PlainRun {

    private PlainRun() {
    }

    /** The command {@code args} describe, or null if picocli must read them. */
    static RunCommand parse(String... args) {
        if (args.length == 0 || args.length > 3 || !args[0].equals("run")) {
            return null;
        }
        String value = null;
        if (args.length == 2) {
            if (!args[1].startsWith("--config=")) {
                return null;
            }
            value = args[1].substring("--config=".length());
        } else if (args.length == 3) {
            if (!args[1].equals("-c") && !args[1].equals("--config")) {
                return null;
            }
            value = args[2];
        }
        RunCommand command = new RunCommand();
        if (value != null) {
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return null;
            }
            try {
                command.config = Path.of(value);
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return command;
    }

    /** Runs it as picocli would: its exit code, and one line for anything unexpected. */
    static int execute(java.util.concurrent.Callable<Integer> command) {
        try {
            Integer code = command.call();
            return code == null ? 0 : code;
        } catch (Exception e) {
            return Main.unexpected(new java.io.PrintWriter(System.err), e);
        }
    }
}
