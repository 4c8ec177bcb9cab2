package dev.gatehouse.config;

/** Reads {@code limits.*}; kept apart from ConfigLoader so that each area of keys has one home. */
final class LimitsSection {

    static final LimitsConfig DEFAULTS = new LimitsConfig(8 * 1024, 16 * 1024, 10_000, 256, 1000, 100,
            1024 * 1024, 0, 0, 100_000);

    private LimitsSection() {
    }

    static LimitsConfig read(ConfigReader r) {
        LimitsConfig d = DEFAULTS;
        double rate = r.get("limits.rate.requests-per-second", d.ratePerSecond(), LimitsSection::rate);
        int burst = r.get("limits.rate.burst", (int) Math.max(1, Math.ceil(rate * 2)), v -> ValueParsers.integer(v, 1, 1_000_000));
        return new LimitsConfig(
                sizeAsInt(r, "limits.max-initial-line-length", d.maxInitialLineLength(), 256, 1024 * 1024),
                sizeAsInt(r, "limits.max-header-size", d.maxHeaderSize(), 1024, 1024 * 1024),
                r.get("limits.max-connections", d.maxConnections(), v -> ValueParsers.integer(v, 1, 10_000_000)),
                r.get("limits.max-connections-per-ip", d.maxConnectionsPerIp(), v -> ValueParsers.integer(v, 1, 10_000_000)),
                r.get("limits.max-requests-per-connection", d.maxRequestsPerConnection(), v -> ValueParsers.integer(v, 1, Integer.MAX_VALUE)),
                r.get("limits.max-headers", d.maxHeaders(), v -> ValueParsers.integer(v, 1, 10_000)),
                r.get("limits.max-request-body", d.maxRequestBody(), ValueParsers::size),
                rate,
                burst,
                r.get("limits.rate.max-clients", d.rateMaxClients(), v -> ValueParsers.integer(v, 1, 10_000_000)));
    }

    private static double rate(String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (d < 0 || d > 1_000_000 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("requests per second, a number from 0 (off) to 1000000, e.g. 10 or 0.5");
        }
    }

    private static int sizeAsInt(ConfigReader r, String key, int def, int min, int max) {
        long v = r.get(key, (long) def, ValueParsers::size);
        if (v < min || v > max) {
            r.problem(key, "\"" + r.raw(key).orElse("") + "\" (expected: a size from " + min + "B to " + (max / 1024) + "KiB)");
            return def;
        }
        return (int) v;
    }
}
