package dev.gatehouse.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        return read(r, prefix, null);
    }

    /**
     * @param inherited the default site's values for a {@code site.<id>.static.*} block (keys the
     *     block leaves out take them), or null for the flat keys, where the built-in defaults apply
     */
    static StaticConfig read(ConfigReader r, String prefix, StaticConfig inherited) {
        StaticConfig d = inherited != null ? inherited : new StaticConfig(null, List.of("index.html"));
        Optional<Path> root = r.path(prefix + "root").or(() -> Optional.ofNullable(d.root()));
        if (root.isEmpty()) {
            r.problem(prefix + "root", "missing (expected: the folder to serve, e.g. /var/www/example)");
        } else if (!Files.isDirectory(root.get())) {
            r.problem(prefix + "root", "\"" + root.get() + "\" (expected: an existing directory; "
                    + (Files.exists(root.get()) ? "it is not a directory" : "it does not exist") + ")");
        }
        List<String> indexFiles = r.get(prefix + "index-files", d.indexFiles(), ValueParsers::list);
        for (String index : indexFiles) {
            if (index.contains("/") || index.contains("\\") || index.startsWith(".")) {
                r.problem(prefix + "index-files", "\"" + index + "\" (expected: plain file names such as index.html)");
            }
        }
        int maxRanges = r.get(prefix + "max-ranges", d.maxRanges(),
                v -> ValueParsers.integer(v, 1, 1000));
        List<String> precompressed = precompressed(r, prefix + "precompressed", d.precompressed());
        boolean compress = r.get(prefix + "compress", d.compress(), ValueParsers::bool);
        long minSize = r.get(prefix + "compress-min-size", d.compressMinSize(), ValueParsers::size);
        long maxSize = r.get(prefix + "compress-max-size", d.compressMaxSize(), ValueParsers::size);
        if (maxSize > 64L * 1024 * 1024) {
            r.problem(prefix + "compress-max-size", "\"" + r.raw(prefix + "compress-max-size").orElse("")
                    + "\" (expected: at most 64MiB; larger files should be precompressed)");
            maxSize = StaticConfig.DEFAULT_COMPRESS_MAX_SIZE;
        }
        long cacheSize = r.get(prefix + "cache-size", d.cacheSize(), ValueParsers::size);
        boolean listing = r.get(prefix + "directory-listing", d.directoryListing(), ValueParsers::bool);
        List<String> tryFiles = r.get(prefix + "try-files", d.tryFiles(), ValueParsers::list);
        for (String t : tryFiles) {
            if (!t.startsWith("/") && !t.startsWith("{path}")) {
                r.problem(prefix + "try-files", "\"" + t + "\" (expected: {path}, {path}/ or a path starting with /, "
                        + "e.g. {path} {path}/ /index.html)");
            }
        }
        SymlinkPolicy symlinks = r.get(prefix + "symlinks", d.symlinks(),
                v -> ValueParsers.enumValue(v, SymlinkPolicy.class));
        long fileCacheSize = r.get(prefix + "file-cache-size", d.fileCacheSize(), ValueParsers::size);
        long fileCacheMaxFileSize = r.get(prefix + "file-cache-max-file-size",
                d.fileCacheMaxFileSize(), ValueParsers::size);
        if (fileCacheMaxFileSize > 16L * 1024 * 1024) {
            // Bigger files gain nothing from memory over the kernel's page cache and zero-copy sends.
            r.problem(prefix + "file-cache-max-file-size", "\"" + r.raw(prefix + "file-cache-max-file-size").orElse("")
                    + "\" (expected: at most 16MiB)");
            fileCacheMaxFileSize = StaticConfig.DEFAULT_FILE_CACHE_MAX_FILE_SIZE;
        }
        Duration metadataTtl = r.get(prefix + "metadata-cache-ttl", d.metadataCacheTtl(),
                ValueParsers::duration);
        if (metadataTtl.compareTo(Duration.ofHours(1)) > 0) {
            r.problem(prefix + "metadata-cache-ttl", "\"" + r.raw(prefix + "metadata-cache-ttl").orElse("")
                    + "\" (expected: at most 1h; 0s turns the cache off)");
            metadataTtl = StaticConfig.DEFAULT_METADATA_CACHE_TTL;
        }
        Map<String, String> mime = new TreeMap<>(d.mimeTypes());
        mime.putAll(mimeTypes(r, prefix + MIME_PREFIX));
        Map<Integer, String> errorPages = errorPages(r, prefix + "error-page.");
        List<CacheRule> cacheRules = cacheRules(r, prefix + "cache-control.");
        return new StaticConfig(root.orElse(null), indexFiles, maxRanges, mime,
                precompressed, compress, minSize, maxSize, cacheSize, listing, tryFiles,
                errorPages.isEmpty() ? d.errorPages() : errorPages, cacheRules.isEmpty() ? d.cacheControl() : cacheRules,
                symlinks, fileCacheSize, fileCacheMaxFileSize, metadataTtl);
    }

    private static Map<Integer, String> errorPages(ConfigReader r, String prefix) {
        Map<Integer, String> out = new TreeMap<>();
        for (String key : List.copyOf(r.presentKeys())) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String page = r.raw(key).orElse("");
            String status = key.substring(prefix.length());
            if (!status.matches("[45]\\d\\d")) {
                r.problem(key, "\"" + status + "\" (expected: an error status from 400 to 599 in the key, e.g. "
                        + prefix + "404=/errors/404.html)");
            } else if (!page.startsWith("/")) {
                r.problem(key, "\"" + page + "\" (expected: a path inside static.root starting with /, e.g. /errors/404.html)");
            } else {
                out.put(Integer.parseInt(status), page);
            }
        }
        return out;
    }

    /** {@code <prefix><n>.pattern} + {@code <prefix><n>.value}, ordered by n. */
    private static List<CacheRule> cacheRules(ConfigReader r, String prefix) {
        TreeMap<Integer, CacheRule> rules = new TreeMap<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (String key : List.copyOf(r.presentKeys())) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            String rest = key.substring(prefix.length());
            int dot = rest.indexOf('.');
            if (dot < 1 || !rest.substring(0, dot).matches("\\d{1,4}")
                    || !(rest.endsWith(".pattern") || rest.endsWith(".value"))) {
                continue; // left unasked: reported as an unknown key with a suggestion
            }
            int n = Integer.parseInt(rest.substring(0, dot));
            if (!seen.add(n)) {
                continue;
            }
            Optional<String> pattern = r.raw(prefix + n + ".pattern");
            Optional<String> value = r.raw(prefix + n + ".value");
            if (pattern.isEmpty() || value.isEmpty()) {
                r.problem(prefix + n + (pattern.isEmpty() ? ".pattern" : ".value"), "missing (expected: both "
                        + prefix + n + ".pattern, e.g. /assets/**, and " + prefix + n
                        + ".value, e.g. public, max-age=31536000, immutable)");
                continue;
            }
            if (value.get().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                r.problem(prefix + n + ".value", "\"" + value.get() + "\" (expected: a Cache-Control header value)");
                continue;
            }
            rules.put(n, new CacheRule(pattern.get(), value.get()));
        }
        return List.copyOf(rules.values());
    }

    private static List<String> precompressed(ConfigReader r, String key, List<String> inherited) {
        String raw = r.string(key, inherited.isEmpty() ? "off" : String.join(",", inherited));
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
