package dev.gatehouse.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Static files of one site.
 *
 * @param root       the document root
 * @param indexFiles index file names tried for directories
 * @param maxRanges  most ranges honoured in one Range header; more are ignored (200 whole)
 * @param mimeTypes  extension (lower case, no dot) to media type, overriding the built-in table
 */
public record StaticConfig(Path root, List<String> indexFiles, int maxRanges, Map<String, String> mimeTypes) {

    public static final int DEFAULT_MAX_RANGES = 16;

    public StaticConfig {
        indexFiles = List.copyOf(indexFiles);
        mimeTypes = Map.copyOf(mimeTypes);
    }

    /** Defaults for everything but the root and index files. */
    public StaticConfig(Path root, List<String> indexFiles) {
        this(root, indexFiles, DEFAULT_MAX_RANGES, Map.of());
    }
}
