package dev.gatehouse.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request paths for matching: percent-decoded once (strict UTF-8), empty and {@code .} segments
 * dropped, {@code ..} refused. Routes match on this canonical form so that {@code //admin} or
 * {@code /%61dmin} cannot slip past a rule on {@code /admin/**} and still reach the same file: the
 * static handler reads paths with the same rules. Captures go back out through {@link #encode}.
 */
public final class PathCodec {

    private PathCodec() {
    }

    /** The canonical decoded path, or null when the raw path is malformed or climbs with {@code ..}. */
    public static String canonical(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        if (alreadyCanonical(rawPath)) {
            return rawPath; // the usual case, decided without decoding or splitting
        }
        return canonicalSlowly(rawPath);
    }

    /** {@link #canonical} without the shortcut (tests compare the two). */
    static String canonicalSlowly(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        String decoded = decode(rawPath);
        if (decoded == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(decoded.length());
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return null;
            }
            sb.append('/').append(segment);
        }
        if (sb.length() == 0 || decoded.endsWith("/")) {
            sb.append('/');
        }
        return sb.toString();
    }

    /**
     * True when the slow path would return the path unchanged: printable ASCII without escapes or
     * backslashes, no empty segment (other than after a final slash) and no {@code .} or {@code ..}
     * segment.
     */
    static boolean alreadyCanonical(String raw) {
        int n = raw.length();
        for (int i = 1; i < n; i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == '\\') {
                return false;
            }
            if (c == '/' && raw.charAt(i - 1) == '/') {
                return false;
            }
            if (c == '.' && raw.charAt(i - 1) == '/') {
                // "/." or "/.." ending the path or followed by a slash is a dot segment
                int end = i + 1 < n && raw.charAt(i + 1) == '.' ? i + 2 : i + 1;
                if (end == n || raw.charAt(end) == '/') {
                    return false;
                }
            }
        }
        return true;
    }

    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return null;
            }
        }
        return decoded;
    }

    /**
     * Percent-encodes everything but RFC 3986 pchar and {@code /}: whatever a capture holds, the result
     * is safe in a path or a Location header (no spaces, CR, LF, {@code ?} or {@code #}).
     */
    public static String encode(String decoded) {
        StringBuilder sb = new StringBuilder(decoded.length() + 8);
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
