package dev.gatehouse.files;

import java.util.ArrayList;
import java.util.List;

/**
 * An entity-tag (RFC 9110 §8.8.3) and the two comparison functions of §8.8.3.2. Pure logic.
 *
 * @param opaque the quoted string including its quotes, e.g. {@code "abc"}
 * @param weak   whether it carried the {@code W/} prefix
 */
public record EntityTag(String opaque, boolean weak) {

    /** Strong comparison: both strong and character-for-character equal (If-Match, If-Range). */
    public boolean strongMatch(EntityTag other) {
        return !weak && !other.weak && opaque.equals(other.opaque);
    }

    /** Weak comparison: equal opaque tags, whatever their weakness (If-None-Match). */
    public boolean weakMatch(EntityTag other) {
        return opaque.equals(other.opaque);
    }

    @Override
    public String toString() {
        return weak ? "W/" + opaque : opaque;
    }

    /** Parses one entity-tag; null if it is not one. */
    public static EntityTag parse(String text) {
        String s = text.trim();
        boolean weak = s.startsWith("W/");
        if (weak) {
            s = s.substring(2);
        }
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return null;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            if (!etagc(s.charAt(i))) {
                return null;
            }
        }
        return new EntityTag(s, weak);
    }

    /**
     * The value of If-Match / If-None-Match: {@code *} or a comma-separated list of entity-tags.
     * Returns null for {@code *}, the tags otherwise; a malformed list yields what parsed before the
     * error plus a marker that nothing else matches (so a broken header never matches by accident).
     */
    public static List<EntityTag> parseList(String value) {
        if (value.trim().equals("*")) {
            return null;
        }
        List<EntityTag> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            if (value.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                return tags; // malformed: stop, keep what parsed
            }
            int close = value.indexOf('"', i + 1);
            if (close < 0) {
                return tags;
            }
            EntityTag tag = parse(value.substring(start, close + 1));
            if (tag == null) {
                return tags;
            }
            tags.add(tag);
            i = close + 1;
        }
        return tags;
    }

    private static boolean etagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
    }
}
