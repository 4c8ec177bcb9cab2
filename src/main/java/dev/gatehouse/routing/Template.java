package dev.gatehouse.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A redirect or rewrite target such as {@code https://new.example.org/items/{1}{query}}. Placeholders:
 * the captures of the route's pattern, {@code {path}} (the whole canonical path) and {@code {query}}
 * ({@code ?} and the query when the request had one, else nothing). Captures and the path are
 * percent-encoded on the way in, the query is copied as the client sent it (it passed the target
 * check, so it holds no spaces or controls).
 */
public final class Template {

    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private Template() {
    }

    /**
     * @param known capture names of the route's pattern
     * @throws IllegalArgumentException naming the first unknown placeholder
     */
    public static Template parse(String text, Set<String> known) {
        Template t = new Template();
        int i = 0;
        while (true) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                t.literals.add(text.substring(i));
                return t;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed { in " + text);
            }
            String name = text.substring(open + 1, close);
            if (!known.contains(name) && !name.equals("path") && !name.equals("query")) {
                throw new IllegalArgumentException("{" + name + "} is not a capture of this route's match (known: "
                        + String.join(", ", known.stream().sorted().toList()) + (known.isEmpty() ? "" : ", ")
                        + "path, query)");
            }
            t.literals.add(text.substring(i, open));
            t.names.add(name);
            i = close + 1;
        }
    }

    /** @param query the query with its leading {@code ?}, or empty */
    public String expand(Map<String, String> captures, String canonicalPath, String query) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(literals.get(i));
            String name = names.get(i);
            switch (name) {
                case "query" -> sb.append(query);
                case "path" -> sb.append(PathCodec.encode(canonicalPath));
                default -> sb.append(PathCodec.encode(captures.getOrDefault(name, "")));
            }
        }
        sb.append(literals.get(literals.size() - 1));
        return sb.toString();
    }
}
