package dev.gatehouse.server;

import dev.gatehouse.config.SiteConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The fields every HTTPS response of a site carries before the routes' own edits: HSTS (when the site
 * has it and the Host is a name), {@code X-Content-Type-Options: nosniff}, and with the security
 * preset {@code Referrer-Policy} and {@code X-Frame-Options}. Built once per site as header maps that
 * are copied into each response, replacing fields of the same name (an upstream's, say). Why: setting
 * them one by one validated each constant name and value again on every response, about 2 % of a
 * small HTTP/2 response's cost (W2 profile, issue 9); a map's entries are copied without that.
 * Immutable after construction; read by every event loop.
 */
final class SecurityHeaders {

    // Values as AsciiString: copied to the wire as bytes.
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final AsciiString STRICT_ORIGIN_WHEN_CROSS_ORIGIN =
            AsciiString.cached("strict-origin-when-cross-origin");
    private static final AsciiString SAMEORIGIN = AsciiString.cached("SAMEORIGIN");

    private final HttpHeaders withHsts;
    private final HttpHeaders withoutHsts;
    private final List<AsciiString> namesWithHsts;
    private final List<AsciiString> namesWithoutHsts;

    private SecurityHeaders(HttpHeaders withHsts, HttpHeaders withoutHsts) {
        this.withHsts = withHsts;
        this.withoutHsts = withoutHsts;
        this.namesWithHsts = names(withHsts);
        this.namesWithoutHsts = names(withoutHsts);
    }

    private static List<AsciiString> names(HttpHeaders headers) {
        return headers.names().stream().map(AsciiString::of).toList();
    }

    static SecurityHeaders of(SiteConfig site) {
        HttpHeaders without = new DefaultHttpHeaders();
        without.set(HttpsDispatcher.X_CONTENT_TYPE_OPTIONS, NOSNIFF);
        if (site.securityHeaders()) {
            without.set(HttpsDispatcher.REFERRER_POLICY, STRICT_ORIGIN_WHEN_CROSS_ORIGIN);
            without.set(HttpsDispatcher.X_FRAME_OPTIONS, SAMEORIGIN);
        }
        HttpHeaders with = new DefaultHttpHeaders();
        if (site.hsts() != null) {
            with.set(HttpsDispatcher.STRICT_TRANSPORT_SECURITY, AsciiString.of(site.hsts()));
        }
        with.add(without);
        return new SecurityHeaders(with, without);
    }

    /** Puts the fields into {@code headers}, in place of any of the same names. */
    void applyTo(HttpHeaders headers, boolean hsts) {
        List<AsciiString> names = hsts ? namesWithHsts : namesWithoutHsts;
        for (int i = 0; i < names.size(); i++) {
            AsciiString name = names.get(i);
            if (headers.contains(name)) {
                headers.remove(name);
            }
        }
        headers.add(hsts ? withHsts : withoutHsts);
    }
}
