package dev.gatehouse.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The header names the server sets itself (Netty's {@link HttpHeaderNames}, all lower case, and our
 * own), in a small open-addressed table found by the name's cached hash and matched by identity,
 * each with its index in HPACK's static table (RFC 7541 Appendix A), or 0. Why: an HTTP/2 response
 * head is made of these constants, and both the checks RFC 9113 §8.2.2 asks for (lower case, no
 * connection fields) and the HPACK name lookup are then one probe; a JDK identity set cost nearly as
 * much as it saved (W2 profile, issue 9). Read-only after class initialisation; a name missing here
 * only takes the general path.
 */
final class Http2FieldNames {

    /** Fields that only make sense on an HTTP/1.1 connection (RFC 9113 §8.2.2). */
    static final Set<AsciiString> CONNECTION_SPECIFIC = Set.of(
            AsciiString.cached("connection"), AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
            AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"), AsciiString.cached("te"));

    /** The names of HPACK's static table from index 15 on, in order (1-14 are pseudo-header fields). */
    private static final String[] STATIC_NAMES = {
        "accept-charset", "accept-encoding", "accept-language", "accept-ranges", "accept",
        "access-control-allow-origin", "age", "allow", "authorization", "cache-control", "content-disposition",
        "content-encoding", "content-language", "content-length", "content-location", "content-range",
        "content-type", "cookie", "date", "etag", "expect", "expires", "from", "host", "if-match",
        "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified", "link",
        "location", "max-forwards", "proxy-authenticate", "proxy-authorization", "range", "referer", "refresh",
        "retry-after", "server", "set-cookie", "strict-transport-security", "transfer-encoding", "user-agent",
        "vary", "via", "www-authenticate",
    };

    private static final AsciiString[] NAMES;
    private static final byte[] STATIC_INDEX;

    static {
        List<AsciiString> names = new ArrayList<>();
        for (Field f : HttpHeaderNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == AsciiString.class) {
                try {
                    names.add((AsciiString) f.get(null));
                } catch (IllegalAccessException e) {
                    // public constants; nothing to add if one is not
                }
            }
        }
        names.addAll(List.of(RequestRecord.X_REQUEST_ID, HttpsDispatcher.STRICT_TRANSPORT_SECURITY,
                HttpsDispatcher.X_CONTENT_TYPE_OPTIONS, HttpsDispatcher.REFERRER_POLICY,
                HttpsDispatcher.X_FRAME_OPTIONS));
        names.removeIf(n -> !n.equals(n.toLowerCase()) || CONNECTION_SPECIFIC.contains(n));
        List<String> staticNames = List.of(STATIC_NAMES);
        // At most a quarter full, so that probes stay short.
        AsciiString[] table = new AsciiString[Integer.highestOneBit(Math.max(16, names.size() * 4)) * 2];
        byte[] index = new byte[table.length];
        for (AsciiString n : names) {
            int slot = slot(table, n);
            table[slot] = n;
            int i = staticNames.indexOf(n.toString());
            index[slot] = (byte) (i < 0 ? 0 : 15 + i);
        }
        NAMES = table;
        STATIC_INDEX = index;
    }

    private Http2FieldNames() {
    }

    /** Whether {@code name} is one of the server's own lower-case constants (this very object). */
    static boolean isOwnLowerCase(AsciiString name) {
        return NAMES[slot(NAMES, name)] == name;
    }

    /** HPACK's static-table index of one of the server's own constants, or 0 (not in it, or not ours). */
    static int staticIndex(AsciiString name) {
        int slot = slot(NAMES, name);
        return NAMES[slot] == name ? STATIC_INDEX[slot] : 0;
    }

    /** Where {@code name} is in the table, or the free slot where it would go (linear probing). */
    private static int slot(AsciiString[] table, AsciiString name) {
        int mask = table.length - 1;
        int i = name.hashCode() & mask;
        while (table[i] != null && table[i] != name) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
