package dev.gatehouse.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads typed values out of a {@link Properties} file, remembering every key it was asked about and
 * collecting problems instead of stopping at the first. What nobody asked about is an unknown key.
 */
final class ConfigReader {

    private final String fileName;
    private final Path baseDir;
    private final Map<String, String> values = new TreeMap<>();
    private final Set<String> asked = new LinkedHashSet<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(String fileName, Path baseDir, Properties properties) {
        this.fileName = fileName;
        this.baseDir = baseDir;
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key).trim());
        }
    }

    Optional<String> raw(String key) {
        asked.add(key);
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** A key handled by other means (e.g. already reported), not to be called unknown. */
    void markKnown(String key) {
        asked.add(key);
    }

    boolean has(String key) {
        return raw(key).isPresent();
    }

    String string(String key, String defaultValue) {
        return raw(key).orElse(defaultValue);
    }

    <T> T get(String key, T defaultValue, Function<String, T> parser) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.apply(v.get());
        } catch (IllegalArgumentException e) {
            problem(key, "\"" + v.get() + "\" (expected: " + e.getMessage() + ")");
            return defaultValue;
        }
    }

    /** A path; relative ones resolve against the config file's folder. */
    Optional<Path> path(String key) {
        return raw(key).map(this::resolve);
    }

    List<Path> paths(String key) {
        return raw(key).map(v -> ValueParsers.list(v).stream().map(this::resolve).toList()).orElse(List.of());
    }

    Path resolve(String value) {
        Path p = Path.of(value);
        return p.isAbsolute() ? p.normalize() : baseDir.resolve(p).normalize();
    }

    /** A secret given inline or as {@code file:/path} (first line of that file, trailing newline dropped). */
    Optional<Secret> secret(String key) {
        Optional<String> v = raw(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().startsWith("file:")) {
            return Optional.of(Secret.of(v.get()));
        }
        Path file = resolve(v.get().substring("file:".length()));
        try {
            String content = Files.readString(file);
            int nl = content.indexOf('\n');
            String line = nl >= 0 ? content.substring(0, nl) : content;
            return Optional.of(Secret.of(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
        } catch (java.io.IOException e) {
            problem(key, "\"" + v.get() + "\" (expected: a readable file holding the password; "
                    + describe(e) + ")");
            return Optional.empty();
        }
    }

    void problem(String key, String message) {
        problems.add(new ConfigProblem(fileName, key, message));
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    /** Every key present in the file that no part of the loader asked about. */
    void reportUnknownKeys(Set<String> alsoKnown) {
        for (String key : values.keySet()) {
            if (asked.contains(key) || alsoKnown.contains(key)) {
                continue;
            }
            String suggestion = KeySuggester.closest(key, asked);
            problems.add(new ConfigProblem(fileName, key, "unknown key"
                    + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")));
        }
    }

    Set<String> presentKeys() {
        return values.keySet();
    }

    static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "file not found";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}
