package dev.gatehouse.logging;

/**
 * A minimal JSON object writer for log lines and status documents: strings escaped per RFC 8259
 * (control characters as {@code \\uXXXX}, so a value can never break the one-object-per-line shape).
 */
public final class Json {

    private final StringBuilder sb;
    private boolean first = true;

    public Json(int capacity) {
        sb = new StringBuilder(capacity).append('{');
    }

    private StringBuilder name(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        return quote(sb, name).append(':');
    }

    public Json field(String name, String value) {
        if (value == null) {
            name(name).append("null");
        } else {
            quote(name(name), value);
        }
        return this;
    }

    public Json field(String name, long value) {
        name(name).append(value);
        return this;
    }

    public Json field(String name, double value) {
        name(name).append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    public Json field(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /** Inserts already-serialized JSON (an object or array built by the caller). */
    public Json raw(String name, String json) {
        name(name).append(json);
        return this;
    }

    public String end() {
        return sb.append('}').toString();
    }

    public static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    public static String quote(String s) {
        return quote(new StringBuilder(s.length() + 2), s).toString();
    }
}
