package dev.gatehouse.testing;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: throws on any line that
 * breaks the rules (metric and label name syntax, label value escapes, value syntax, TYPE before
 * samples and once per family, families contiguous, no duplicate series, histogram buckets cumulative
 * with {@code +Inf == _count}). Returns every series ({@code name{a="b",...}}) with its value.
 */
public final class PrometheusFormat {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("[+-]?(?:Inf|NaN|[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)");

    private PrometheusFormat() {
    }

    public static Map<String, Double> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a newline");
        }
        Map<String, Double> series = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        Map<String, Double> lastBucket = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ", 4);
                check(p.length == 4 && NAME.matcher(p[2]).matches(), n, line);
                check(p[3].matches("counter|gauge|histogram|summary|untyped"), n, line);
                check(!types.containsKey(p[2]), n, "second TYPE for " + p[2]);
                if (current != null && !current.equals(p[2])) {
                    finished.add(current);
                }
                check(!finished.contains(p[2]), n, "family " + p[2] + " not contiguous");
                types.put(p[2], p[3]);
                current = p[2];
                continue;
            }
            if (line.startsWith("# HELP ")) {
                check(NAME.matcher(line.split(" ", 4)[2]).matches(), n, line);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher name = NAME.matcher(line);
            check(name.lookingAt(), n, line);
            String metric = name.group();
            int pos = name.end();
            StringBuilder labels = new StringBuilder();
            String le = null;
            if (pos < line.length() && line.charAt(pos) == '{') {
                int close = findClose(line, pos + 1);
                check(close > 0, n, line);
                String body = line.substring(pos + 1, close);
                Matcher l = LABEL.matcher(body);
                int at = 0;
                Set<String> seen = new HashSet<>();
                while (at < body.length()) {
                    check(l.find(at) && l.start() == at, n, "bad label at: " + body.substring(at));
                    check(seen.add(l.group(1)), n, "duplicate label " + l.group(1));
                    if (l.group(1).equals("le")) {
                        le = l.group(2);
                    }
                    labels.append(labels.length() == 0 ? "" : ",").append(l.group());
                    at = l.end();
                    if (at < body.length()) {
                        check(body.charAt(at) == ',', n, line);
                        at++;
                    }
                }
                pos = close + 1;
            }
            check(pos < line.length() && line.charAt(pos) == ' ', n, line);
            String[] rest = line.substring(pos + 1).split(" ");
            check(rest.length <= 2 && VALUE.matcher(rest[0]).matches(), n, line);
            double value = rest[0].endsWith("Inf") ? (rest[0].startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY) : Double.parseDouble(rest[0]);
            String family = familyOf(metric, types);
            check(family != null, n, "sample before its TYPE: " + metric);
            check(family.equals(current), n, "sample of " + family + " outside its family block");
            String type = types.get(family);
            if (type.equals("counter")) {
                check(value >= 0, n, "negative counter");
            }
            if (type.equals("histogram") && metric.endsWith("_bucket")) {
                check(le != null, n, "bucket without le");
                String key = metric + "{" + labels.toString().replaceAll("(^|,)le=\"[^\"]*\"", "") + "}";
                Double previous = lastBucket.get(key);
                check(previous == null || value >= previous, n, "buckets not cumulative");
                lastBucket.put(key, value);
                if (le.equals("+Inf")) {
                    lastBucket.put(family + "_inf", value);
                }
            }
            if (type.equals("histogram") && metric.endsWith("_count")) {
                check(lastBucket.get(family + "_inf") != null && lastBucket.get(family + "_inf") == value, n,
                        "+Inf bucket differs from _count");
            }
            String key = metric + "{" + labels + "}";
            check(series.put(key, value) == null, n, "duplicate series " + key);
        }
        return series;
    }

    private static String familyOf(String metric, Map<String, String> types) {
        if (types.containsKey(metric)) {
            return metric;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (metric.endsWith(suffix)) {
                String base = metric.substring(0, metric.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static int findClose(String line, int from) {
        boolean quoted = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}') {
                return i;
            }
        }
        return -1;
    }

    private static void check(boolean ok, int line, String what) {
        if (!ok) {
            throw new IllegalArgumentException("line " + line + ": " + what);
        }
    }

    /** Sum of the series of {@code metric} whose labels include all of {@code labels} ("k=\"v\""). */
    public static double sum(Map<String, Double> series, String metric, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : series.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(metric + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= key.contains(l);
            }
            if (all) {
                total += e.getValue();
            }
        }
        return total;
    }
}
