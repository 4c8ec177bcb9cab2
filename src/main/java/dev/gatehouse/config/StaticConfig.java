package dev.gatehouse.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Static files of one site.
 *
 * @param root             the document root
 * @param indexFiles       index file names tried for directories
 * @param maxRanges        most ranges honoured in one Range header; more are ignored (200 whole)
 * @param mimeTypes        extension (lower case, no dot) to media type, overriding the built-in table
 * @param precompressed    content codings ({@code br}, {@code zstd}, {@code gzip}) whose sibling
 *                         files are served when accepted, in order of preference; empty: off
 * @param compress         whether text types are compressed on the fly (Brotli or gzip)
 * @param compressMinSize  smaller files are sent as they are (compression would not pay)
 * @param compressMaxSize  larger files are sent as they are unless precompressed (the compressed
 *                         form is built in memory)
 * @param cacheSize        bytes of memory for compressed results
 * @param directoryListing whether a directory without index file is listed (else 404)
 * @param tryFiles         {@code static.try-files} candidates in order; empty: plain lookup
 * @param errorPages       status to a path in the root whose file is the body of that error
 * @param cacheControl     Cache-Control rules, first match wins
 * @param symlinks         the symbolic link policy
 * @param fileCacheSize    bytes of memory for the contents of small files, ready to send; 0: off
 * @param fileCacheMaxFileSize larger files are always streamed from disk, never held in memory
 * @param metadataCacheTtl how long the outcome of a path lookup (real path, attributes, or absence) is
 *                         reused; a change on disk is seen after at most this long; zero: off
 */
public record StaticConfig(Path root, List<String> indexFiles, int maxRanges, Map<String, String> mimeTypes,
        List<String> precompressed, boolean compress, long compressMinSize, long compressMaxSize, long cacheSize,
        boolean directoryListing, List<String> tryFiles, Map<Integer, String> errorPages, List<CacheRule> cacheControl,
        SymlinkPolicy symlinks, long fileCacheSize, long fileCacheMaxFileSize, Duration metadataCacheTtl) {

    public static final int DEFAULT_MAX_RANGES = 16;
    public static final List<String> DEFAULT_PRECOMPRESSED = List.of("br", "zstd", "gzip");
    public static final long DEFAULT_COMPRESS_MIN_SIZE = 1024;
    public static final long DEFAULT_COMPRESS_MAX_SIZE = 4L * 1024 * 1024;
    public static final long DEFAULT_CACHE_SIZE = 64L * 1024 * 1024;
    public static final long DEFAULT_FILE_CACHE_SIZE = 64L * 1024 * 1024;
    public static final long DEFAULT_FILE_CACHE_MAX_FILE_SIZE = 64L * 1024;
    public static final Duration DEFAULT_METADATA_CACHE_TTL = Duration.ofSeconds(1);

    public StaticConfig {
        indexFiles = List.copyOf(indexFiles);
        mimeTypes = Map.copyOf(mimeTypes);
        precompressed = List.copyOf(precompressed);
        tryFiles = List.copyOf(tryFiles);
        errorPages = Map.copyOf(errorPages);
        cacheControl = List.copyOf(cacheControl);
    }

    /** Defaults for everything but the root and index files. */
    public StaticConfig(Path root, List<String> indexFiles) {
        this(root, indexFiles, DEFAULT_MAX_RANGES, Map.of(), DEFAULT_PRECOMPRESSED, true, DEFAULT_COMPRESS_MIN_SIZE,
                DEFAULT_COMPRESS_MAX_SIZE, DEFAULT_CACHE_SIZE, false, List.of(), Map.of(), List.of(),
                SymlinkPolicy.FOLLOW_WITHIN_ROOT, DEFAULT_FILE_CACHE_SIZE, DEFAULT_FILE_CACHE_MAX_FILE_SIZE,
                DEFAULT_METADATA_CACHE_TTL);
    }
}
