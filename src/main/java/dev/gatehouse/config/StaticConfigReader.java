package dev.gatehouse.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the {@code static.*} keys of a site into a {@link StaticConfig}. */
final class StaticConfigReader {

    private static final String MIME_PREFIX = "mime.";

    private StaticConfigReader() {
    }

    /** @param prefix the key prefix, e.g. {@code static.} */
    static StaticConfig read(ConfigReader r, String prefix) {
        Optional<Path> root = r.path(prefix + "root");
        if (root.isEmpty()) {
            r.problem(prefix + "root", "missing (expected: the folder to serve, e.g. /var/www/example)");
        } else if (!Files.isDirectory(root.get())) {
            r.problem(prefix + "root", "\"" + root.get() + "\" (expected: an existing directory; "
                    + (Files.exists(root.get()) ? "it is not a directory" : "it does not exist") + ")");
        }
        List<String> indexFiles = r.get(prefix + "index-files", List.of("index.html"), ValueParsers::list);
        for (String index : indexFiles) {
            if (index.contains("/") || index.contains("\\") || index.startsWith(".")) {
                r.problem(prefix + "index-files", "\"" + index + "\" (expected: plain file names such as index.html)");
            }
        }
        int maxRanges = r.get(prefix + "max-ranges", StaticConfig.DEFAULT_MAX_RANGES,
                v -> ValueParsers.integer(v, 1, 1000));
        List<String> precompressed = precompressed(r, prefix + "precompressed");
        boolean compress = r.get(prefix + "compress", true, ValueParsers::bool);
        long minSize = r.get(prefix + "compress-min-size", StaticConfig.DEFAULT_COMPRESS_MIN_SIZE, ValueParsers::size);
        long maxSize = r.get(prefix + "compress-max-size", StaticConfig.DEFAULT_COMPRESS_MAX_SIZE, ValueParsers::size);
        if (maxSize > 64L * 1024 * 1024) {
            r.problem(prefix + "compress-max-size", "\"" + r.raw(prefix + "compress-max-size").orElse("")
                    + "\" (expected: at most 64MiB; larger files should be precompressed)");
            maxSize = StaticConfig.DEFAULT_COMPRESS_MAX_SIZE;
        }
        long cacheSize = r.get(prefix + "cache-size", StaticConfig.DEFAULT_CACHE_SIZE, ValueParsers::size);
        return new StaticConfig(root.orElse(null), indexFiles, maxRanges, mimeTypes(r, prefix + MIME_PREFIX),
                precompressed, compress, minSize, maxSize, cacheSize);
    }

    private static List<String> precompressed(ConfigReader r, String key) {
        String raw = r.string(key, String.join(",", StaticConfig.DEFAULT_PRECOMPRESSED));
        if (raw.equalsIgnoreCase("off")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String coding : ValueParsers.list(raw)) {
            String c = coding.toLowerCase(Locale.ROOT);
            if (!StaticConfig.DEFAULT_PRECOMPRESSED.contains(c) || out.contains(c)) {
                r.problem(key, "\"" + raw + "\" (expected: off, or br, zstd and/or gzip in order of preference, "
                        + "each at most once)");
                return StaticConfig.DEFAULT_PRECOMPRESSED;
            }
            out.add(c);
        }
        return out;
    }

    private static Map<String, String> mimeTypes(ConfigReader r, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String key : List.copyOf(r.presentKeys())) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String ext = key.substring(prefix.length());
            String type = r.raw(key).orElse("");
            if (!ext.matches("[A-Za-z0-9_+-]+")) {
                r.problem(key, "\"" + ext + "\" (expected: a file extension without the dot, e.g. "
                        + prefix + "wasm=application/wasm)");
            } else if (!type.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[A-Za-z0-9_.+-]+=[A-Za-z0-9_.+-]+)*")) {
                r.problem(key, "\"" + type + "\" (expected: a media type such as text/plain or application/wasm)");
            } else {
                out.put(ext.toLowerCase(Locale.ROOT), type);
            }
        }
        return out;
    }
}
