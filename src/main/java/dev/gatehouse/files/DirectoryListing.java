package dev.gatehouse.files;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Directory listings ({@code static.directory-listing=true}) as HTML or JSON. Names are escaped for
 * their context every time (HTML text, attribute URL, JSON string): a file called
 * {@code <script>.html} is shown, never run. Dot-files and entries the symlink policy refuses are
 * left out. Sorting is done by the server from {@code ?sort=name|size|date&order=asc|desc}, so the
 * page needs no script.
 */
final class DirectoryListing {

    record Entry(String name, boolean directory, long size, Instant modified) {
    }

    private DirectoryListing() {
    }

    static List<Entry> read(DocRoot root, Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                BasicFileAttributes a = root.contained(p);
                if (a == null || !(a.isRegularFile() || a.isDirectory())) {
                    continue;
                }
                entries.add(new Entry(name, a.isDirectory(), a.isDirectory() ? 0 : a.size(),
                        a.lastModifiedTime().toInstant()));
                if (entries.size() >= 10_000) {
                    break; // a listing is for people; a million-entry page helps nobody and costs memory
                }
            }
        }
        return entries;
    }

    static void sort(List<Entry> entries, String query) {
        String sort = param(query, "sort");
        Comparator<Entry> c = switch (sort == null ? "name" : sort) {
            case "size" -> Comparator.comparingLong(Entry::size);
            case "date" -> Comparator.comparing(Entry::modified);
            default -> Comparator.comparing(e -> e.name().toLowerCase(Locale.ROOT));
        };
        if ("desc".equals(param(query, "order"))) {
            c = c.reversed();
        }
        // directories first, whatever the order
        entries.sort(Comparator.comparing((Entry e) -> !e.directory()).thenComparing(c));
    }

    static String html(String displayPath, List<Entry> entries, String query) {
        String order = "asc".equals(param(query, "order")) || param(query, "order") == null ? "desc" : "asc";
        String title = "Index of " + escapeHtml(displayPath);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(title).append("</title></head>\n<body><h1>").append(title).append("</h1>\n<table>\n<tr>")
                .append("<th><a href=\"?sort=name&amp;order=").append(order).append("\">Name</a></th>")
                .append("<th><a href=\"?sort=size&amp;order=").append(order).append("\">Size</a></th>")
                .append("<th><a href=\"?sort=date&amp;order=").append(order).append("\">Modified</a></th></tr>\n");
        if (!displayPath.equals("/")) {
            sb.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
        }
        for (Entry e : entries) {
            String shown = e.name() + (e.directory() ? "/" : "");
            sb.append("<tr><td><a href=\"./").append(escapeHtml(encodeSegment(e.name()))).append(e.directory() ? "/" : "")
                    .append("\">").append(escapeHtml(shown)).append("</a></td><td>")
                    .append(e.directory() ? "-" : String.valueOf(e.size())).append("</td><td>")
                    .append(e.modified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("</td></tr>\n");
        }
        return sb.append("</table></body></html>\n").toString();
    }

    static String json(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("{\"name\":").append(escapeJson(e.name()))
                    .append(",\"type\":\"").append(e.directory() ? "directory" : "file").append('"')
                    .append(",\"size\":").append(e.size())
                    .append(",\"modified\":\"").append(e.modified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    .append("\"}");
        }
        return sb.append("\n]\n").toString();
    }

    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String escapeJson(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", (int) c)); // also safe if pasted into a <script>
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** Percent-encodes one path segment (URLEncoder targets forms: fix its '+' for spaces). */
    static String encodeSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String param(String query, String name) {
        if (query == null || query.length() < 2) {
            return null;
        }
        for (String pair : query.substring(1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
