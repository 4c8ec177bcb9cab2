package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.config.ServerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replaced configuration's upstream group stops probing (reload must not leave health checks behind). */
class HealthCheckLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void closingAGroupStopsItsHealthChecks() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/healthz", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backend.start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Files.createDirectories(dir.resolve("www"));
            Files.writeString(dir.resolve("c.pem"), "x");
            Files.writeString(dir.resolve("k.pem"), "x");
            Properties p = new Properties();
            p.setProperty("tls.certificate", "c.pem");
            p.setProperty("tls.certificate-private-key", "k.pem");
            p.setProperty("static.root", "www");
            p.setProperty("route.1.match", "/api/**");
            p.setProperty("route.1.proxy", "http://127.0.0.1:" + backend.getAddress().getPort());
            p.setProperty("route.1.proxy.health-uri", "/healthz");
            p.setProperty("route.1.proxy.health-interval", "50ms");
            ServerConfig config = ConfigLoader.load(p, "test", dir, null);
            RouteConfig route = config.defaultSite().routes().get(0);
            UpstreamGroup upstreams = UpstreamGroup.create((RouteConfig.Proxy) route.action());
            upstreams.startHealthChecks(group.next(), NioSocketChannel.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (probes.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(probes.get()).as("probing while in use").isGreaterThanOrEqualTo(3);
            upstreams.close();
            Thread.sleep(300); // let a probe already under way finish
            int afterClose = probes.get();
            Thread.sleep(500);
            assertThat(probes.get()).as("no probes once closed").isEqualTo(afterClose);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            backend.stop(0);
        }
    }
}
