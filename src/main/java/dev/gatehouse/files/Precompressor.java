package dev.gatehouse.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes {@code .br} and {@code .gz} siblings for every compressible file under a folder, at maximum
 * compression, for {@code static.precompressed} to serve. A sibling is written only if it is smaller
 * than the original (a stale one that is not is removed, so it can never be served instead); each is
 * written to a temporary name and renamed into place, so a running server never sees half a file.
 * Symbolic links are not followed; dot-files and existing siblings are skipped.
 */
public final class Precompressor {

    /** What one run did. */
    public record Summary(int written, int skippedNotSmaller, int filesSeen) {
    }

    private Precompressor() {
    }

    public static Summary run(Path dir, Consumer<String> report) throws IOException {
        List<String> codings = new ArrayList<>();
        if (Compression.brotliAvailable()) {
            codings.add(Compression.BR);
        }
        codings.add(Compression.GZIP);
        int[] counts = new int[3];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && d.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (!attrs.isRegularFile() || name.startsWith(".") || name.endsWith(".br") || name.endsWith(".gz")
                        || name.endsWith(".zst") || !MediaTypes.compressible(MediaTypes.DEFAULTS.forFileName(name))) {
                    return FileVisitResult.CONTINUE;
                }
                counts[2]++;
                byte[] original = Files.readAllBytes(file);
                for (String coding : codings) {
                    Path sibling = file.resolveSibling(name + Compression.suffix(coding));
                    byte[] encoded = Compression.encode(coding, original, true);
                    if (encoded.length >= original.length) {
                        Files.deleteIfExists(sibling);
                        counts[1]++;
                        report.accept("skipped " + dir.relativize(sibling) + " (not smaller)");
                        continue;
                    }
                    Path tmp = file.resolveSibling("." + name + Compression.suffix(coding) + ".tmp");
                    Files.write(tmp, encoded);
                    Files.setLastModifiedTime(tmp, attrs.lastModifiedTime());
                    Files.move(tmp, sibling, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    counts[0]++;
                    report.accept("wrote " + dir.relativize(sibling) + " (" + original.length + " -> "
                            + encoded.length + " bytes)");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Summary(counts[0], counts[1], counts[2]);
    }
}
