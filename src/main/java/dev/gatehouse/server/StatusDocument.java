package dev.gatehouse.server;

import dev.gatehouse.logging.Json;
import dev.gatehouse.tls.TlsEngine;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code /status} JSON document: what an operator asks first when paged. */
final class StatusDocument {

    private StatusDocument() {
    }

    static String render(GatehouseServer server, Instant started) {
        ServerState state = server.state();
        Instant now = Instant.now();
        List<String> sites = new ArrayList<>();
        List<String> certs = new ArrayList<>();
        for (Site site : state.sites()) {
            sites.add(new Json(128).field("id", site.config().id())
                    .raw("server_names", array(site.config().serverNames()))
                    .field("root", String.valueOf(site.config().staticFiles().root())).end());
            X509Certificate leaf = site.tls().material().leaf();
            Instant notAfter = leaf.getNotAfter().toInstant();
            certs.add(new Json(256).field("site", site.config().id())
                    .field("subject", leaf.getSubjectX500Principal().getName())
                    .field("serial", leaf.getSerialNumber().toString(16))
                    .field("key_type", site.tls().material().keyType())
                    .field("not_after", notAfter.toString())
                    .field("days_left", Duration.between(now, notAfter).toDays()).end());
        }
        List<String> listeners = new ArrayList<>();
        listeners.add(new Json(64).field("name", "https").field("port", server.httpsPort()).end());
        if (server.httpPort() > 0) {
            listeners.add(new Json(64).field("name", "http").field("port", server.httpPort()).end());
        }
        String version = GatehouseServer.class.getPackage().getImplementationVersion();
        return new Json(1024)
                .field("version", version == null ? "development" : version)
                .field("started", started.toString())
                .field("uptime_seconds", Duration.between(started, now).toSeconds())
                .field("state", server.draining() ? "draining" : "serving")
                .field("open_connections", server.openConnections())
                .raw("sites", "[" + String.join(",", sites) + "]")
                .raw("certificates", "[" + String.join(",", certs) + "]")
                .raw("listeners", "[" + String.join(",", listeners) + "]")
                .raw("engine", new Json(128).field("tls", TlsEngine.describe(state.defaultSite().tls().provider()))
                        .field("transport", server.transportLabel())
                        .field("read_buffer_ring", server.readBufferRing())
                        .field("java", System.getProperty("java.version")).end())
                .end() + "\n";
    }

    private static String array(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(Json.quote(v));
        }
        return "[" + String.join(",", quoted) + "]";
    }
}
