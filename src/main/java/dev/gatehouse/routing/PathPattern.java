package dev.gatehouse.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's {@code match}: {@code /a} (exact), {@code /a/**} (the path and everything below it, the
 * rest captured as {@code {rest}} without its leading slash), {@code /u/{name}} (one segment each), or
 * {@code ~regex} (searched, so anchor it yourself; groups captured as {@code {1}}, {@code {2}}, …).
 * Matched against the canonical decoded path ({@link PathCodec#canonical}).
 */
public final class PathPattern {

    private final Pattern regex;
    private final List<String> names;

    private PathPattern(Pattern regex, List<String> names) {
        this.regex = regex;
        this.names = names;
    }

    /** @throws IllegalArgumentException for a pattern the config loader should have refused */
    public static PathPattern parse(String pattern) {
        if (pattern.startsWith("~")) {
            Pattern p = Pattern.compile(pattern.substring(1));
            List<String> names = new ArrayList<>();
            int groups = p.matcher("").groupCount();
            for (int i = 1; i <= groups; i++) {
                names.add(String.valueOf(i));
            }
            return new PathPattern(p, names);
        }
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with / or ~: " + pattern);
        }
        StringBuilder re = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        String[] segments = pattern.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("**") && i == segments.length - 1) {
                // "/a/**" matches /a, /a/ and anything below; "/**" matches everything.
                re.append(i == 0 ? "/?(.*)" : "(?:/(.*))?");
                names.add("rest");
                continue;
            }
            re.append('/');
            if (s.matches("\\{[A-Za-z][A-Za-z0-9_]*}")) {
                re.append("([^/]+)");
                names.add(s.substring(1, s.length() - 1));
            } else if (s.contains("*") || s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("bad segment \"" + s + "\" in " + pattern);
            } else if (!s.isEmpty()) {
                re.append(Pattern.quote(s));
            }
        }
        re.append('$');
        return new PathPattern(Pattern.compile(re.toString()), List.copyOf(names));
    }

    public Set<String> captureNames() {
        return Set.copyOf(names);
    }

    /** The captures (decoded text) when the path matches, else null. */
    public Map<String, String> match(String canonicalPath) {
        Matcher m = regex.matcher(canonicalPath);
        if (!m.find()) {
            return null;
        }
        Map<String, String> captures = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String v = m.group(i + 1);
            captures.put(names.get(i), v == null ? "" : v);
        }
        return captures;
    }
}
