package dev.gatehouse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code <prefix>route.<n>.*} into {@link RouteConfig}s, sorted by {@code n}. The prefix is empty
 * for the default site and {@code site.<id>.} for the others, so a site's routes are read by the same
 * code. Every check that can be made without I/O on the network happens here, naming the key.
 */
final class RouteKeys {

    private static final List<String> ACTIONS = List.of("redirect", "rewrite", "root", "respond", "proxy");
    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[0-9A-Za-z.-]+|\\[[0-9A-Fa-f:.]+]");

    private RouteKeys() {
    }

    static List<RouteConfig> read(ConfigReader r, String prefix) {
        String routePrefix = prefix + "route.";
        Map<Long, String> ids = new TreeMap<>();
        for (String key : r.presentKeys()) {
            if (!key.startsWith(routePrefix)) {
                continue;
            }
            String rest = key.substring(routePrefix.length());
            int dot = rest.indexOf('.');
            String n = dot < 0 ? rest : rest.substring(0, dot);
            if (!n.matches("\\d{1,9}")) {
                r.raw(key);
                r.problem(key, "\"" + n + "\" is not a route number (expected: " + routePrefix
                        + "<n>.<key> with n a number; routes are tried in ascending n)");
                continue;
            }
            ids.put(Long.parseLong(n), n);
        }
        List<RouteConfig> routes = new ArrayList<>();
        for (Map.Entry<Long, String> e : ids.entrySet()) {
            routes.add(route(r, routePrefix + e.getValue(), e.getKey()));
        }
        return List.copyOf(routes);
    }

    private static RouteConfig route(ConfigReader r, String key, long order) {
        String k = key + ".";
        String match = r.raw(k + "match").orElse(null);
        Set<String> captures = match == null ? Set.of() : checkMatch(r, k + "match", match);
        List<String> methods = r.get(k + "methods", List.<String>of(), ValueParsers::list).stream()
                .map(m -> m.toUpperCase(Locale.ROOT)).toList();
        for (String m : methods) {
            if (!TOKEN.matcher(m).matches()) {
                r.problem(k + "methods", "\"" + m + "\" (expected: method names such as GET, POST)");
            }
        }
        List<String> hosts = r.get(k + "hosts", List.<String>of(), ValueParsers::list).stream()
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        for (String h : hosts) {
            if (!HOST.matcher(h).matches()) {
                r.problem(k + "hosts", "\"" + h + "\" (expected: host names without port, *.example.org for one label)");
            }
        }
        Map<String, Pattern> headerMatches = new LinkedHashMap<>();
        List<RouteConfig.HeaderEdit> edits = new ArrayList<>();
        for (String present : r.presentKeys()) {
            if (!present.startsWith(k + "header.")) {
                continue;
            }
            String name = present.substring((k + "header.").length());
            RouteConfig.HeaderEdit.Op op = null;
            for (RouteConfig.HeaderEdit.Op o : RouteConfig.HeaderEdit.Op.values()) {
                String p = o.name().toLowerCase(Locale.ROOT) + ".";
                if (name.startsWith(p)) {
                    op = o;
                    name = name.substring(p.length());
                }
            }
            if (!TOKEN.matcher(name).matches()) {
                r.raw(present);
                r.problem(present, "\"" + name + "\" is not a header name (expected: " + k
                        + "header.<name>, header.set.<Name>, header.add.<Name> or header.remove.<Name>)");
                continue;
            }
            String value = r.raw(present).orElse("");
            if (op == null) {
                try {
                    headerMatches.put(name.toLowerCase(Locale.ROOT), Pattern.compile(value));
                } catch (PatternSyntaxException ex) {
                    r.problem(present, "\"" + value + "\" (expected: a regular expression: " + ex.getDescription() + ")");
                }
            } else if (op == RouteConfig.HeaderEdit.Op.REMOVE) {
                edits.add(new RouteConfig.HeaderEdit(op, name, null));
            } else if (value.isEmpty()) {
                r.problem(present, "empty (expected: a header value; use header.remove." + name + " to remove it)");
            } else {
                edits.add(new RouteConfig.HeaderEdit(op, name, value));
            }
        }
        List<RouteConfig.HeaderEdit> requestEdits = new ArrayList<>();
        for (String present : r.presentKeys()) {
            if (!present.startsWith(k + "request-header.")) {
                continue;
            }
            String rest = present.substring((k + "request-header.").length());
            RouteConfig.HeaderEdit.Op op = null;
            String name = rest;
            for (RouteConfig.HeaderEdit.Op o : RouteConfig.HeaderEdit.Op.values()) {
                String p = o.name().toLowerCase(Locale.ROOT) + ".";
                if (rest.startsWith(p)) {
                    op = o;
                    name = rest.substring(p.length());
                }
            }
            String value = r.raw(present).orElse("");
            if (op == null || !TOKEN.matcher(name).matches()) {
                r.problem(present, "not a request header edit (expected: " + k + "request-header.set.<Name>, "
                        + "request-header.add.<Name> or request-header.remove.<Name>)");
            } else if (op != RouteConfig.HeaderEdit.Op.REMOVE && value.isEmpty()) {
                r.problem(present, "empty (expected: a header value; use request-header.remove." + name + " to remove it)");
            } else {
                requestEdits.add(new RouteConfig.HeaderEdit(op, name, op == RouteConfig.HeaderEdit.Op.REMOVE ? null : value));
            }
        }
        List<Cidr> clientIps = cidrs(r, k + "client-ip");
        List<Cidr> allow = cidrs(r, k + "allow");
        List<Cidr> deny = cidrs(r, k + "deny");

        RouteConfig.BasicAuth auth = null;
        Optional<Path> users = r.path(k + "auth.basic.users-file");
        String realm = r.string(k + "auth.basic.realm", "gatehouse");
        if (users.isPresent()) {
            if (!Files.isRegularFile(users.get()) || !Files.isReadable(users.get())) {
                r.problem(k + "auth.basic.users-file", "\"" + users.get()
                        + "\" (expected: a readable htpasswd file with bcrypt hashes, user:$2y$...)");
            }
            if (realm.contains("\"") || realm.contains("\\") || !realm.matches("\\p{Print}+")) {
                r.problem(k + "auth.basic.realm", "\"" + realm + "\" (expected: printable text without quotes)");
            }
            checkUsersFile(r, k + "auth.basic.users-file", users.get());
            auth = new RouteConfig.BasicAuth(users.get(), realm);
        }

        RouteConfig.Action action = action(r, k, captures);
        return new RouteConfig(key, order, match, methods, hosts, Map.copyOf(headerMatches), clientIps, action,
                List.copyOf(edits), List.copyOf(requestEdits), allow, deny, auth);
    }

    private static RouteConfig.Action action(ConfigReader r, String k, Set<String> captures) {
        List<String> present = new ArrayList<>();
        for (String a : ACTIONS) {
            if (r.has(k + a)) {
                present.add(k + a);
            }
        }
        if (present.size() > 1) {
            r.problem(present.get(1), "set together with " + present.get(0)
                    + " (expected: at most one action per route: redirect, rewrite, root, respond or proxy)");
        }
        String chosen = present.isEmpty() ? "" : present.get(0).substring(k.length());
        RouteConfig.Action action = null;
        Optional<String> status = r.raw(k + "status");
        Optional<String> body = r.raw(k + "body");
        Optional<String> strip = r.raw(k + "strip-prefix");
        switch (chosen) {
            case "redirect" -> {
                int code = r.get(k + "status", 308, v -> {
                    int c = ValueParsers.integer(v, 100, 599);
                    if (!REDIRECT_STATUSES.contains(c)) {
                        throw new IllegalArgumentException("301, 302, 303, 307 or 308");
                    }
                    return c;
                });
                String target = r.raw(k + "redirect").orElseThrow();
                checkTemplate(r, k + "redirect", target, true, captures);
                action = new RouteConfig.Redirect(target, code);
            }
            case "rewrite" -> {
                String target = r.raw(k + "rewrite").orElseThrow();
                checkTemplate(r, k + "rewrite", target, false, captures);
                action = new RouteConfig.Rewrite(target);
            }
            case "root" -> {
                Path root = r.path(k + "root").orElseThrow();
                if (!Files.isDirectory(root)) {
                    r.problem(k + "root", "\"" + root + "\" (expected: an existing directory)");
                }
                String prefix = strip.orElse("");
                if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.contains("?"))) {
                    r.problem(k + "strip-prefix", "\"" + prefix + "\" (expected: a path prefix such as /assets)");
                }
                action = new RouteConfig.Mount(root, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
            }
            case "respond" -> {
                int code = r.get(k + "respond", 200, v -> ValueParsers.integer(v, 200, 599));
                action = new RouteConfig.Respond(code, body.orElse(""));
            }
            case "proxy" -> action = ProxyKeys.read(r, k);
            default -> {
            }
        }
        if (status.isPresent() && !chosen.equals("redirect")) {
            r.problem(k + "status", "set without " + k + "redirect (expected: status only with redirect; use respond=<code> for fixed answers)");
        }
        if (body.isPresent() && !chosen.equals("respond")) {
            r.problem(k + "body", "set without " + k + "respond (expected: body only with respond)");
        }
        if (strip.isPresent() && !chosen.equals("root")) {
            r.problem(k + "strip-prefix", "set without " + k + "root (expected: strip-prefix only with root)");
        }
        if (!chosen.equals("proxy")) {
            for (String key : r.presentKeys()) {
                if (key.startsWith(k + "proxy.")) {
                    r.raw(key);
                    r.problem(key, "set without " + k + "proxy (expected: proxy.* keys only on a proxy route)");
                }
            }
        }
        return action;
    }

    private static List<Cidr> cidrs(ConfigReader r, String key) {
        List<String> values = r.get(key, List.<String>of(), ValueParsers::list);
        List<Cidr> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(Cidr.parse(v));
            } catch (IllegalArgumentException e) {
                r.problem(key, "\"" + v + "\" (expected: " + e.getMessage() + ")");
            }
        }
        return List.copyOf(out);
    }

    /**
     * Syntax of path patterns (the routing package compiles them and trusts this check).
     *
     * @return the names the pattern captures: {@code 1}.. for a regex, the {@code {name}} segments
     *         and {@code rest} for {@code /**}; empty when the pattern is invalid
     */
    private static Set<String> checkMatch(ConfigReader r, String key, String match) {
        Set<String> names = new HashSet<>();
        if (match.startsWith("~")) {
            try {
                int groups = Pattern.compile(match.substring(1)).matcher("").groupCount();
                for (int g = 1; g <= groups; g++) {
                    names.add(String.valueOf(g));
                }
            } catch (PatternSyntaxException e) {
                r.problem(key, "\"" + match + "\" (expected: ~ followed by a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + ")");
            }
            return names;
        }
        String expected = " (expected: /exact, /prefix/**, /segments/{name} or ~regex)";
        if (!match.startsWith("/")) {
            r.problem(key, "\"" + match + "\"" + expected);
            return Set.of();
        }
        String[] segments = match.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals("**") && last) {
                names.add("rest");
                continue;
            }
            if (s.contains("**") || s.contains("?") || (s.contains("{") || s.contains("}"))
                    && !s.matches("\\{[A-Za-z][A-Za-z0-9_]*}")) {
                r.problem(key, "\"" + match + "\": segment \"" + s + "\"" + expected);
                return Set.of();
            }
            if (s.equals("{rest}")) {
                r.problem(key, "\"" + match + "\": {rest} is the name of the ** capture" + expected);
                return Set.of();
            }
            if (s.startsWith("{")) {
                names.add(s.substring(1, s.length() - 1));
            }
        }
        return names;
    }

    /** Each line {@code user:bcrypt-hash}; other hash types would silently never match, so they are errors. */
    private static void checkUsersFile(ConfigReader r, String key, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return; // reported above as unreadable
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")
                    && !line.matches("[^:]+:\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                r.problem(key, "\"" + file + "\" line " + (i + 1)
                        + " (expected: user:bcrypt-hash as written by htpasswd -B; other hash types are not accepted)");
            }
        }
    }

    /** Placeholders are {name}; CR/LF and spaces can never be produced because captures are encoded. */
    private static void checkTemplate(ConfigReader r, String key, String template, boolean absoluteAllowed,
            Set<String> captures) {
        if (!template.matches("[^\\s{}]*(\\{[A-Za-z0-9_]+}[^\\s{}]*)*")) {
            r.problem(key, "\"" + template + "\" (expected: a target with {placeholders} and no spaces)");
            return;
        }
        java.util.regex.Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)}").matcher(template);
        while (m.find()) {
            String name = m.group(1);
            if (!captures.contains(name) && !name.equals("path") && !name.equals("query")) {
                List<String> known = new ArrayList<>(captures.stream().sorted().toList());
                known.add("path");
                known.add("query");
                r.problem(key, "\"" + template + "\": {" + name + "} is not captured by the route's match (expected: one of {"
                        + String.join("}, {", known) + "})");
                return;
            }
        }
        if (!template.startsWith("/") && !template.startsWith("{")
                && !(absoluteAllowed && template.matches("(?i)https?://.+"))) {
            r.problem(key, "\"" + template + "\" (expected: " + (absoluteAllowed
                    ? "a path starting with / or an http(s):// URL)" : "a path starting with /)"));
        }
    }

    static URI upstream(String value) {
        try {
            URI u = new URI(value);
            if (u.getScheme() == null || !u.getScheme().matches("(?i)https?") || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw new URISyntaxException(value, "bad");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("http:// or https:// URLs of upstream servers, e.g. http://127.0.0.1:8081");
        }
    }

    static Duration positive(ConfigReader r, String key, Duration def) {
        Duration d = r.get(key, def, ValueParsers::duration);
        if (d.isZero()) {
            r.problem(key, "\"" + r.raw(key).orElse("") + "\" (expected: a duration greater than zero)");
            return def;
        }
        return d;
    }
}
