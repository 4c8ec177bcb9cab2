package dev.gatehouse.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One HTTP/1.1 response exactly as it came off the wire (over TLS, {@code Connection: close}):
 * status, headers in order (names lower-cased), and every byte after the head. Used where the JDK
 * client would hide what matters (a 304's absent Content-Length, a HEAD's absent body).
 */
public record WireResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public static WireResponse exchange(SSLContext ctx, int port, String method, String path, String... headerLines)
            throws IOException {
        StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return parse(RawTls.exchange(ctx, port, req.toString()));
    }

    public static WireResponse parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete response head in: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String rest = raw.substring(end + 4);
        if (rest.endsWith("\n[timeout: connection still open]")) {
            throw new IllegalStateException("server did not close after Connection: close");
        }
        return new WireResponse(status, headers, rest.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The single value of a header, or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : String.join(", ", v);
    }

    public String text() {
        return new String(body, StandardCharsets.ISO_8859_1);
    }
}
