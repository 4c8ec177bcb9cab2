package dev.gatehouse.config;

import java.util.List;

/**
 * What the HTTPS port speaks.
 *
 * @param alpn    ALPN protocol ids offered, in preference order ({@code h2}, {@code http/1.1})
 * @param unified whether plain HTTP arriving on the HTTPS port is recognised and redirected
 * @param http2   HTTP/2 settings and limits
 */
public record ProtocolsConfig(List<String> alpn, boolean unified, Http2Config http2) {

    public static final String H2 = "h2";
    public static final String HTTP_1_1 = "http/1.1";

    public ProtocolsConfig {
        alpn = List.copyOf(alpn);
    }

    public boolean offersHttp2() {
        return alpn.contains(H2);
    }
}
