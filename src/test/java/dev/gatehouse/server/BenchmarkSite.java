package dev.gatehouse.server;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ServerConfig;
import dev.gatehouse.tls.DevCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What the JMH benchmarks of the request path share: a temporary site with a development
 * certificate, one 1 KiB file ({@code /1k.bin}) and the access log off, loaded into the server state
 * the dispatcher reads; extra configuration keys per benchmark.
 */
record BenchmarkSite(ServerConfig config, ServerState state) {

    static BenchmarkSite create(Map<String, String> extra) throws Exception {
        Path dir = Files.createTempDirectory("gatehouse-jmh");
        DevCertificates.DevFiles certs = DevCertificates.ensure(dir.resolve("state"));
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.write(www.resolve("1k.bin"), new byte[1024]);
        Properties p = new Properties();
        p.setProperty("tls.certificate", certs.chain().toString());
        p.setProperty("tls.certificate-private-key", certs.privateKey().toString());
        p.setProperty("static.root", www.toString());
        p.setProperty("log.access", "false");
        p.putAll(extra);
        ServerConfig config = ConfigLoader.load(p, "jmh", dir, null);
        return new BenchmarkSite(config, ServerState.build(config, config.protocols().alpn()));
    }
}
