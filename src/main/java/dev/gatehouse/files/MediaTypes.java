package dev.gatehouse.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * File extension to {@code Content-Type}; text types carry {@code charset=utf-8}. A built-in table,
 * extended or overridden per site by {@code static.mime.<ext>=type}.
 */
public final class MediaTypes {

    public static final MediaTypes DEFAULTS = new MediaTypes(Map.of());


    private static final String DEFAULT = "application/octet-stream";
    private static final Map<String, String> BY_EXTENSION = new HashMap<>();

    static {
        text("html", "text/html");
        text("htm", "text/html");
        text("css", "text/css");
        text("js", "text/javascript");
        text("mjs", "text/javascript");
        text("txt", "text/plain");
        text("md", "text/markdown");
        text("csv", "text/csv");
        text("xml", "text/xml");
        text("json", "application/json");
        text("webmanifest", "application/manifest+json");
        text("svg", "image/svg+xml");
        text("map", "application/json");
        text("ics", "text/calendar");
        text("vtt", "text/vtt");
        binary("png", "image/png");
        binary("jpg", "image/jpeg");
        binary("jpeg", "image/jpeg");
        binary("gif", "image/gif");
        binary("webp", "image/webp");
        binary("avif", "image/avif");
        binary("ico", "image/x-icon");
        binary("bmp", "image/bmp");
        binary("woff", "font/woff");
        binary("woff2", "font/woff2");
        binary("ttf", "font/ttf");
        binary("otf", "font/otf");
        binary("pdf", "application/pdf");
        binary("wasm", "application/wasm");
        binary("zip", "application/zip");
        binary("gz", "application/gzip");
        binary("br", "application/x-brotli");
        binary("zst", "application/zstd");
        binary("tar", "application/x-tar");
        binary("mp3", "audio/mpeg");
        binary("ogg", "audio/ogg");
        binary("wav", "audio/wav");
        binary("mp4", "video/mp4");
        binary("webm", "video/webm");
        binary("bin", DEFAULT);
    }

    private final Map<String, String> overrides;

    /** @param overrides extension (lower case, no dot) to media type; charset added to text types */
    public MediaTypes(Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>();
        overrides.forEach((ext, type) -> m.put(ext.toLowerCase(Locale.ROOT), withCharset(type)));
        this.overrides = Map.copyOf(m);
    }

    /** Adds {@code charset=utf-8} to textual types that name no parameters (RFC 9110 §8.3.2). */
    static String withCharset(String type) {
        String t = type.trim();
        if (t.contains(";")) {
            return t;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        boolean text = lower.startsWith("text/") || lower.endsWith("+json") || lower.endsWith("+xml")
                || lower.equals("application/json") || lower.equals("application/javascript")
                || lower.equals("application/xml");
        return text ? t + "; charset=utf-8" : t;
    }

    /** Whether a Content-Type names a textual type worth compressing on the fly. */
    public static boolean compressible(String contentType) {
        String lower = contentType.toLowerCase(Locale.ROOT);
        return lower.startsWith("text/") || lower.contains("json") || lower.contains("javascript")
                || lower.contains("xml") || lower.startsWith("image/svg") || lower.startsWith("application/wasm")
                || lower.startsWith("font/ttf") || lower.startsWith("font/otf") || lower.startsWith("image/x-icon")
                || lower.startsWith("image/bmp");
    }

    private static void text(String ext, String type) {
        BY_EXTENSION.put(ext, type + "; charset=utf-8");
    }

    private static void binary(String ext, String type) {
        BY_EXTENSION.put(ext, type);
    }

    public String forFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return DEFAULT;
        }
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String override = overrides.get(ext);
        return override != null ? override : BY_EXTENSION.getOrDefault(ext, DEFAULT);
    }
}
