package dev.gatehouse.files;

import dev.gatehouse.config.SymlinkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * A document root. {@link #lookup} maps a safe {@link RequestPath} to a regular file inside the root,
 * checking the <em>real</em> path too, so that (by default) a symbolic link may point elsewhere inside
 * the root but never outside it; {@link SymlinkPolicy} can forbid links or, unsafely, allow any.
 */
public final class DocRoot {

    /** Paths whose lookup outcome is remembered (about 200 bytes each): nginx's open_file_cache max=. */
    private static final int METADATA_ENTRIES = 16_384;

    private final Path root;
    private final Path realRoot;
    private final List<String> indexFiles;
    private final SymlinkPolicy symlinks;
    private final MetadataCache metadata;

    public DocRoot(Path root, List<String> indexFiles) throws IOException {
        this(root, indexFiles, SymlinkPolicy.FOLLOW_WITHIN_ROOT, Duration.ZERO);
    }

    /**
     * @param metadataTtl how long the outcome of resolving one path is reused ({@link MetadataCache});
     *                    zero: every lookup asks the file system
     */
    public DocRoot(Path root, List<String> indexFiles, SymlinkPolicy symlinks, Duration metadataTtl)
            throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
        this.indexFiles = List.copyOf(indexFiles);
        this.symlinks = symlinks;
        this.metadata = new MetadataCache(metadataTtl, METADATA_ENTRIES, System::nanoTime);
    }

    public Path root() {
        return root;
    }

    /** What a path leads to. */
    public sealed interface Lookup {
    }

    public record Found(Path file, BasicFileAttributes attributes) implements Lookup {
    }

    /** A directory with its trailing slash and no index file (listed if listings are on). */
    public record Directory(Path dir) implements Lookup {
    }

    /** A directory asked for without its trailing slash: redirect so relative links resolve. */
    public record AddSlash() implements Lookup {
    }

    public record NotFound() implements Lookup {
    }

    public Lookup lookup(RequestPath path) {
        Path candidate = root.resolve(path.relative()).normalize();
        if (!candidate.startsWith(root)) {
            return new NotFound(); // unreachable after RequestPath's checks; kept as a second fence
        }
        BasicFileAttributes attrs = contained(candidate);
        if (attrs == null) {
            return new NotFound();
        }
        if (attrs.isRegularFile()) {
            return path.trailingSlash() && !path.segments().isEmpty() ? new NotFound() : new Found(candidate, attrs);
        }
        if (!attrs.isDirectory()) {
            return new NotFound(); // devices, sockets, FIFOs are never served
        }
        if (!path.trailingSlash()) {
            return new AddSlash();
        }
        for (String index : indexFiles) {
            Path file = candidate.resolve(index);
            BasicFileAttributes indexAttrs = contained(file);
            if (indexAttrs != null && indexAttrs.isRegularFile()) {
                return new Found(file, indexAttrs);
            }
        }
        return new Directory(candidate);
    }

    /** Until when (on {@link #now()}'s clock) what {@link #lookup} said about this file may be reused. */
    long validUntil(Path file) {
        return metadata.validUntil(file);
    }

    long now() {
        return metadata.now();
    }

    /**
     * The attributes of a regular file next to one already found (a precompressed sibling such as
     * {@code app.js.br}), under the same containment rule; null if there is none.
     */
    public BasicFileAttributes sibling(Path file, String suffix) {
        BasicFileAttributes attrs = contained(file.resolveSibling(file.getFileName() + suffix));
        return attrs != null && attrs.isRegularFile() ? attrs : null;
    }

    /**
     * Attributes of the file a path finally leads to, or null if it is missing or the symlink policy
     * refuses it: outside the root ({@code follow-within-root}), or through any link ({@code deny}).
     * The outcome may be up to {@code metadataTtl} old.
     */
    public BasicFileAttributes contained(Path candidate) {
        return metadata.get(candidate, this::resolve);
    }

    private BasicFileAttributes resolve(Path candidate) {
        try {
            if (symlinks == SymlinkPolicy.DENY) {
                for (Path p = candidate; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
                    if (Files.isSymbolicLink(p)) {
                        return null;
                    }
                }
            }
            Path real = candidate.toRealPath();
            if (symlinks != SymlinkPolicy.FOLLOW && !real.startsWith(realRoot)) {
                return null;
            }
            return Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
