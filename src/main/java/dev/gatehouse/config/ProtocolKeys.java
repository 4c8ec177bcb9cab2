package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code listener.https.protocols}, {@code listener.https.unified} and {@code http2.*}. */
final class ProtocolKeys {

    private ProtocolKeys() {
    }

    static ProtocolsConfig read(ConfigReader r) {
        List<String> alpn = new ArrayList<>();
        for (String p : r.get("listener.https.protocols", List.of(ProtocolsConfig.H2, ProtocolsConfig.HTTP_1_1),
                ValueParsers::list)) {
            String id = p.toLowerCase(Locale.ROOT);
            if (!id.equals(ProtocolsConfig.H2) && !id.equals(ProtocolsConfig.HTTP_1_1)) {
                r.problem("listener.https.protocols", "\"" + p + "\" (expected: h2 and/or http/1.1)");
            } else if (!alpn.contains(id)) {
                alpn.add(id);
            }
        }
        if (alpn.isEmpty()) {
            alpn.add(ProtocolsConfig.HTTP_1_1);
        }
        boolean unified = r.get("listener.https.unified", true, ValueParsers::bool);
        Http2Config d = Http2Config.DEFAULTS;
        Http2Config http2 = new Http2Config(
                bounded(r, "http2.max-concurrent-streams", d.maxConcurrentStreams(), 1, 10_000, false),
                bounded(r, "http2.initial-window-size", d.initialWindowSize(), 1024, Integer.MAX_VALUE, true),
                // RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE must lie in [2^14, 2^24 - 1].
                bounded(r, "http2.max-frame-size", d.maxFrameSize(), 16_384, 16_777_215, true),
                bounded(r, "http2.max-header-list-size", d.maxHeaderListSize(), 1024, 1024 * 1024, true));
        return new ProtocolsConfig(alpn, unified, http2);
    }

    private static int bounded(ConfigReader r, String key, int def, long min, long max, boolean size) {
        long v = size ? r.get(key, (long) def, ValueParsers::size)
                : r.get(key, def, s -> ValueParsers.integer(s, 0, Integer.MAX_VALUE));
        if (v < min || v > max) {
            r.problem(key, "\"" + r.raw(key).orElse("") + "\" (expected: " + (size ? "a size" : "a number")
                    + " from " + min + " to " + max + ")");
            return def;
        }
        return (int) v;
    }
}
