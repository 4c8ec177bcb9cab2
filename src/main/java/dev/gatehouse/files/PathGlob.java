package dev.gatehouse.files;

import java.util.regex.Pattern;

/**
 * A path pattern for {@code static.cache-control} rules. Pure logic. A pattern starting with
 * {@code /} matches the whole decoded request path: {@code *} matches within one segment, {@code **}
 * across segments ({@code /assets/**}). Any other pattern matches the last segment only
 * ({@code *.html}, {@code *.[0-9a-f]*.js} is not supported: only {@code *} and {@code ?} are special).
 */
public final class PathGlob {

    private final Pattern regex;
    private final boolean nameOnly;

    private PathGlob(Pattern regex, boolean nameOnly) {
        this.regex = regex;
        this.nameOnly = nameOnly;
    }

    public static PathGlob compile(String glob) {
        boolean nameOnly = !glob.startsWith("/");
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new PathGlob(Pattern.compile(re.toString()), nameOnly);
    }

    /** @param path the decoded request path, starting with {@code /} */
    public boolean matches(String path) {
        String subject = nameOnly ? path.substring(path.lastIndexOf('/') + 1) : path;
        return regex.matcher(subject).matches();
    }
}
