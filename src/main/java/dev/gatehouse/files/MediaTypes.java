package dev.gatehouse.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** File extension to {@code Content-Type}; text types carry {@code charset=utf-8}. */
public final class MediaTypes {

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

    private MediaTypes() {
    }

    private static void text(String ext, String type) {
        BY_EXTENSION.put(ext, type + "; charset=utf-8");
    }

    private static void binary(String ext, String type) {
        BY_EXTENSION.put(ext, type);
    }

    public static String forFileName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
