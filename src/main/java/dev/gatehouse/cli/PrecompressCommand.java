package dev.gatehouse.cli;

import dev.gatehouse.files.Precompressor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse precompress DIR}: writes {@code .br} and {@code .gz} siblings of the compressible
 * files of a site ahead of deployment, so {@code static.precompressed} serves them at no CPU cost.
 */
@Command(name = "precompress", description = "Write .br and .gz siblings of compressible files under DIR "
        + "(only those smaller than the original).")
final class PrecompressCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "The folder to process (recursively).")
    Path dir;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
    boolean quiet;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            System.err.println("gatehouse precompress: " + dir + " is not a directory");
            return ExitCodes.USAGE;
        }
        try {
            Precompressor.Summary s = Precompressor.run(dir, line -> {
                if (!quiet) {
                    System.out.println(line);
                }
            });
            System.out.println(s.filesSeen() + " compressible files, " + s.written() + " siblings written, "
                    + s.skippedNotSmaller() + " skipped (not smaller)");
            return ExitCodes.OK;
        } catch (IOException e) {
            System.err.println("gatehouse precompress: " + e);
            return ExitCodes.FAILURE;
        }
    }
}
