package dev.gatehouse.files;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path, percent-decoded exactly once and split into safe segments. Pure logic, no I/O.
 *
 * <p>Rules (why: every one of these has been a traversal bug in some server): the path must start
 * with {@code /}; a malformed escape, invalid UTF-8, a backslash, NUL or any control character is
 * rejected; a {@code ..} segment is rejected rather than resolved; empty and {@code .} segments are
 * dropped; a segment starting with a dot is hidden, except {@code .well-known} as the first segment.
 */
public record RequestPath(List<String> segments, boolean trailingSlash) {

    /** Why a path was refused; maps to 400 (malformed) or 404 (hidden). */
    public enum Refusal {
        MALFORMED,
        HIDDEN
    }

    /** Thrown for a refused path; carries no request text so that nothing hostile is echoed. */
    public static final class RefusedException extends Exception {
        private final Refusal refusal;

        RefusedException(Refusal refusal, String why) {
            super(why, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** Parses the path part of a request target (no query, no fragment). */
    public static RequestPath parse(String rawPath) throws RefusedException {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new RefusedException(Refusal.MALFORMED, "path does not start with /");
        }
        String decoded = percentDecode(rawPath);
        List<String> segments = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= decoded.length(); i++) {
            if (i == decoded.length() || decoded.charAt(i) == '/') {
                String segment = decoded.substring(start, i);
                start = i + 1;
                if (segment.isEmpty() || segment.equals(".")) {
                    continue;
                }
                if (segment.equals("..")) {
                    throw new RefusedException(Refusal.MALFORMED, "dot-dot segment");
                }
                if (segment.charAt(0) == '.' && !(segments.isEmpty() && segment.equals(".well-known"))) {
                    throw new RefusedException(Refusal.HIDDEN, "dotfile");
                }
                segments.add(segment);
            }
        }
        boolean trailingSlash = decoded.length() > 1 && decoded.endsWith("/");
        return new RequestPath(List.copyOf(segments), trailingSlash || segments.isEmpty());
    }

    /** The path as it maps onto the file system, relative, with {@code /} separators. */
    public String relative() {
        return String.join("/", segments);
    }

    private static String percentDecode(String raw) throws RefusedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new RefusedException(Refusal.MALFORMED, "truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new RefusedException(Refusal.MALFORMED, "bad escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                // Raw non-ASCII is not valid in a request target, but clients send UTF-8 anyway.
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(utf8, 0, utf8.length);
            } else {
                bytes.write(c);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            // Also catches overlong encodings such as %c0%ae, which a lenient decoder turns into '.'.
            throw new RefusedException(Refusal.MALFORMED, "invalid UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0)) {
                throw new RefusedException(Refusal.MALFORMED, "control character or backslash");
            }
        }
        return decoded;
    }
}
