package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code admin.*}, {@code log.access-format} and PROXY protocol keys into an {@link OpsConfig}. */
final class OpsKeys {

    private OpsKeys() {
    }

    static OpsConfig read(ConfigReader r) {
        String adminAddress = r.string("admin.address", "127.0.0.1");
        if (adminAddress.equals("*") || !adminAddress.matches("[0-9A-Za-z.:%_\\[\\]-]+")) {
            r.problem("admin.address", "\"" + adminAddress
                    + "\" (expected: one IP address or host name, e.g. 127.0.0.1; all interfaces only as an explicit "
                    + "0.0.0.0 or ::)");
        }
        adminAddress = adminAddress.replace("[", "").replace("]", "");
        int adminPort = r.get("admin.port", -1, v -> v.equalsIgnoreCase("off") ? -1 : adminPort(v));
        Secret token = r.secret("admin.token").orElse(null);
        if (token != null && token.chars().length < 16) {
            r.problem("admin.token", "****** (expected: at least 16 characters; e.g. openssl rand -hex 32)");
        }
        OpsConfig.AccessLogFormat format = r.get("log.access-format", OpsConfig.AccessLogFormat.COMBINED,
                v -> ValueParsers.enumValue(v, OpsConfig.AccessLogFormat.class));
        java.time.Duration flush = r.get("log.access-flush", OpsConfig.DEFAULT_ACCESS_LOG_FLUSH, ValueParsers::duration);
        if (flush.toMillis() > 60_000) {
            r.problem("log.access-flush", "\"" + r.raw("log.access-flush").orElse("") + "\" (expected: from 0s (every line at once) to 60s)");
            flush = OpsConfig.DEFAULT_ACCESS_LOG_FLUSH;
        }
        boolean proxyHttps = r.get("listener.https.proxy-protocol", false, ValueParsers::bool);
        boolean proxyHttp = r.get("listener.http.proxy-protocol", false, ValueParsers::bool);
        List<Cidr> trusted = new ArrayList<>();
        for (String block : r.get("listener.trusted-proxies", List.<String>of(), ValueParsers::list)) {
            try {
                trusted.add(Cidr.parse(block));
            } catch (IllegalArgumentException e) {
                r.problem("listener.trusted-proxies", "\"" + block + "\" (expected: " + e.getMessage() + ")");
            }
        }
        if ((proxyHttps || proxyHttp) && trusted.isEmpty() && r.problems().stream()
                .noneMatch(p -> "listener.trusted-proxies".equals(p.key()))) {
            r.problem(proxyHttps ? "listener.https.proxy-protocol" : "listener.http.proxy-protocol",
                    "true without listener.trusted-proxies (expected: the load balancers' addresses, e.g. "
                            + "listener.trusted-proxies=10.0.0.0/8)");
        }
        return new OpsConfig(new OpsConfig.AdminConfig(adminAddress, adminPort, token), format, proxyHttps,
                proxyHttp, List.copyOf(trusted), flush);
    }

    private static int adminPort(String v) {
        try {
            int port = Integer.parseInt(v.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("off, or a port from 1 to 65535");
    }
}
