package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gatehouse serve|run|check|reload|precompress|version} (and the hidden {@code cds-train}, see
 * {@link CdsTrainCommand}). No logger may be touched before a subcommand has set up
 * logging, so this class has none. A plain {@code run} skips picocli ({@link PlainRun}).
 */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A standalone HTTPS web server.",
        subcommands = {ServeCommand.class, RunCommand.class, CheckCommand.class, ReloadCommand.class, PrecompressCommand.class,
                VersionCommand.class, CdsTrainCommand.class},
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.FAILURE)
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        RunCommand plain = PlainRun.parse(args);
        if (plain != null) {
            return PlainRun.execute(plain);
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> unexpected(commandLine.getErr(), e));
        return cli.execute(args);
    }

    /** Nothing unexpected may reach the user as a bare stack trace: one line, and the failure exit code. */
    static int unexpected(java.io.PrintWriter err, Exception e) {
        err.println("gatehouse: unexpected error: " + e);
        err.flush();
        return ExitCodes.FAILURE;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: serve, run, check, reload, precompress or version");
    }
}
