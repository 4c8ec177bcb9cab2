package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.PlainMode;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.config.SiteConfig;
import dev.gatehouse.server.BindErrors;
import dev.gatehouse.tls.CertificateDoctor;
import dev.gatehouse.tls.CertificateFinding;
import dev.gatehouse.tls.CertificateFinding.Severity;
import dev.gatehouse.tls.KeyMaterial;
import dev.gatehouse.tls.SslContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Like {@code nginx -t}, and a doctor: loads the configuration and, per site, runs
 * {@link CertificateDoctor} (key, chain, names, validity, key strength, key-file mode), then checks that
 * this user can bind the ports. One line per finding, a summary line per site; {@code --json} gives the
 * same as one JSON document. Exit 0 when the daemon would start and serve, 3 when it would not.
 * Unlike {@code run}, an expired or not-yet-valid certificate fails the check.
 */
@Command(name = "check", description = "Validate the configuration and diagnose each site's certificate, offline.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: conf/gatehouse.properties under the install folder).")
    Path config;

    @Option(names = "--json", description = "Print the findings as one JSON document on stdout.")
    boolean json;

    /** A listener's bind probe. */
    record PortResult(String key, String display, int port, Severity severity, String message) {
    }

    @Override
    public Integer call() {
        Path file = config != null ? config : Home.defaultConfig();
        SslContexts.hardenJdk();
        ServerConfig loaded;
        try {
            loaded = ConfigLoader.load(file);
        } catch (ConfigException e) {
            if (json) {
                List<String> problems = e.problems().stream().map(p -> Json.quote(p.toString())).toList();
                System.out.println("{\"config\":" + Json.quote(file.toString()) + ",\"ok\":false,\"problems\":["
                        + String.join(",", problems) + "],\"sites\":[],\"listeners\":[]}");
            } else {
                e.problems().forEach(p -> System.err.println(p));
            }
            return ExitCodes.INVALID_CONFIG;
        }
        Instant now = Instant.now();
        List<CertificateDoctor.Report> reports = new ArrayList<>();
        for (SiteConfig site : loaded.sites()) {
            reports.add(CertificateDoctor.diagnose(site, loaded.protocols().alpn(), now));
        }
        List<PortResult> ports = probePorts(loaded);
        boolean ok = reports.stream().allMatch(CertificateDoctor.Report::ok)
                && ports.stream().noneMatch(p -> p.severity() == Severity.ERROR);
        if (json) {
            System.out.println(toJson(file, ok, reports, ports, now));
        } else {
            print(file, ok, reports, ports, now);
        }
        return ok ? ExitCodes.OK : ExitCodes.INVALID_CONFIG;
    }

    private static void print(Path file, boolean ok, List<CertificateDoctor.Report> reports, List<PortResult> ports,
            Instant now) {
        for (CertificateDoctor.Report r : reports) {
            for (CertificateFinding f : r.findings()) {
                // Notes are information, not trouble: stdout, so that a clean check has an empty stderr.
                (f.severity() == Severity.INFO ? System.out : System.err)
                        .println(file + ": site " + r.siteId() + ": " + label(f.severity()) + f.message());
            }
        }
        for (PortResult p : ports) {
            if (p.severity() != Severity.INFO) {
                System.err.println(file + ": " + label(p.severity()) + p.message());
            }
        }
        for (CertificateDoctor.Report r : reports) {
            System.out.println(summary(r, now));
        }
        System.out.println(file + ": " + (ok ? "configuration OK" : "NOT OK (see the errors above)"));
    }

    private static String label(Severity severity) {
        return switch (severity) {
            case ERROR -> "error: ";
            case WARN -> "warning: ";
            default -> "note: ";
        };
    }

    static String summary(CertificateDoctor.Report r, Instant now) {
        StringBuilder sb = new StringBuilder("site ").append(r.siteId()).append(": ")
                .append(r.ok() ? "OK" : "FAILED");
        KeyMaterial m = r.material();
        if (m != null) {
            sb.append(" - ").append(m.leaf().getSubjectX500Principal().getName()).append(" (").append(m.keyType())
                    .append("), serial ").append(m.leaf().getSerialNumber().toString(16)).append(", valid until ")
                    .append(m.leaf().getNotAfter().toInstant()).append(" (").append(daysLeft(m, now))
                    .append(" days)");
        }
        sb.append(", names ").append(r.serverNames().isEmpty() ? "(default site)" : String.join(",", r.serverNames()));
        sb.append("; ").append(r.count(Severity.ERROR)).append(" error(s), ").append(r.count(Severity.WARN))
                .append(" warning(s)");
        return sb.toString();
    }

    private static long daysLeft(KeyMaterial m, Instant now) {
        return Duration.between(now, m.leaf().getNotAfter().toInstant()).toDays();
    }

    /** Bindable now by this user? In use is only a warning: the daemon itself may be running. */
    static List<PortResult> probePorts(ServerConfig config) {
        List<PortResult> out = new ArrayList<>();
        out.add(probe("listener.https", config.https()));
        if (config.plainMode() != PlainMode.OFF) {
            out.add(probe("listener.http", config.http()));
        }
        return out;
    }

    private static PortResult probe(String key, ListenerConfig listener) {
        if (listener.port() == 0) {
            return new PortResult(key, listener.display(), 0, Severity.INFO, key + ": any free port");
        }
        InetSocketAddress address = listener.address() == null
                ? new InetSocketAddress(listener.port()) : new InetSocketAddress(listener.address(), listener.port());
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return new PortResult(key, listener.display(), listener.port(), Severity.INFO,
                    key + ": " + listener.display() + " can be bound");
        } catch (IOException e) {
            String message = BindErrors.explain(key, listener.display(), listener.port(), e);
            boolean inUse = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("in use");
            return new PortResult(key, listener.display(), listener.port(), inUse ? Severity.WARN : Severity.ERROR,
                    message + (inUse ? " (fine if it is this gatehouse, already running)" : ""));
        }
    }

    static String toJson(Path file, boolean ok, List<CertificateDoctor.Report> reports, List<PortResult> ports,
            Instant now) {
        StringBuilder sb = new StringBuilder("{\"config\":").append(Json.quote(file.toString()))
                .append(",\"ok\":").append(ok).append(",\"sites\":[");
        for (int i = 0; i < reports.size(); i++) {
            CertificateDoctor.Report r = reports.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(Json.quote(r.siteId()))
                    .append(",\"ok\":").append(r.ok())
                    .append(",\"serverNames\":").append(Json.array(r.serverNames()));
            KeyMaterial m = r.material();
            if (m != null) {
                sb.append(",\"certificate\":{\"subject\":").append(Json.quote(m.leaf().getSubjectX500Principal().getName()))
                        .append(",\"keyType\":").append(Json.quote(m.keyType()))
                        .append(",\"serial\":").append(Json.quote(m.leaf().getSerialNumber().toString(16)))
                        .append(",\"notAfter\":").append(Json.quote(m.leaf().getNotAfter().toInstant().toString()))
                        .append(",\"daysLeft\":").append(daysLeft(m, now))
                        .append(",\"chainLength\":").append(m.chain().size())
                        .append(",\"source\":").append(Json.quote(m.source())).append('}');
            }
            sb.append(",\"findings\":[");
            for (int j = 0; j < r.findings().size(); j++) {
                CertificateFinding f = r.findings().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"severity\":").append(Json.quote(f.severity().name()))
                        .append(",\"message\":").append(Json.quote(f.message())).append('}');
            }
            sb.append("],\"summary\":").append(Json.quote(summary(r, now))).append('}');
        }
        sb.append("],\"listeners\":[");
        for (int i = 0; i < ports.size(); i++) {
            PortResult p = ports.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"key\":").append(Json.quote(p.key()))
                    .append(",\"address\":").append(Json.quote(p.display()))
                    .append(",\"severity\":").append(Json.quote(p.severity().name()))
                    .append(",\"message\":").append(Json.quote(p.message())).append('}');
        }
        return sb.append("]}").toString();
    }

    /** Just enough JSON writing for this report; no dependency for it. */
    static final class Json {
        private Json() {
        }

        static String quote(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        static String array(List<String> values) {
            return "[" + String.join(",", values.stream().map(Json::quote).toList()) + "]";
        }
    }
}
