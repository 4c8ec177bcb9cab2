package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** route.<n>.* parsing: order, actions, and load-time errors that name the key. */
class RouteKeysTest {

    @TempDir
    Path dir;

    private static final String MINIMAL = """
            tls.certificate=certs/fullchain.pem
            tls.certificate-private-key=certs/privkey.pem
            static.root=www
            """;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/fullchain.pem"), "x");
        Files.writeString(dir.resolve("certs/privkey.pem"), "x");
        Files.writeString(dir.resolve("users.txt"), "# users\nbob:{SHA}abc\n");
    }

    private ServerConfig load(String routes) throws Exception {
        Path file = dir.resolve("gatehouse.properties");
        Files.writeString(file, MINIMAL + routes);
        return ConfigLoader.load(file);
    }

    private List<String> problems(String routes) throws Exception {
        try {
            load(routes);
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void routesAreOrderedNumericallyWithTheirActions() throws Exception {
        List<RouteConfig> routes = load("""
                route.100.match=/z
                route.100.respond=204
                route.9.match=/old/**
                route.9.redirect=/new/{rest}{query}
                route.9.status=301
                route.20.match=/assets/**
                route.20.root=www
                route.20.strip-prefix=/assets
                route.20.header.set.Cache-Control=max-age=60
                route.20.header.remove.X-Frame-Options=
                route.30.match=/api/**
                route.30.proxy=http://127.0.0.1:8081, http://127.0.0.1:8082
                route.30.proxy.read-timeout=5s
                route.40.deny=10.0.0.0/8
                """).defaultSite().routes();
        assertThat(routes).extracting(RouteConfig::key).containsExactly("route.9", "route.20", "route.30", "route.40", "route.100");
        assertThat(routes.get(0).action()).isEqualTo(new RouteConfig.Redirect("/new/{rest}{query}", 301));
        assertThat(routes.get(1).action()).isInstanceOf(RouteConfig.Mount.class);
        assertThat(routes.get(1).headerEdits()).extracting(RouteConfig.HeaderEdit::op)
                .containsExactlyInAnyOrder(RouteConfig.HeaderEdit.Op.SET, RouteConfig.HeaderEdit.Op.REMOVE);
        RouteConfig.Proxy proxy = (RouteConfig.Proxy) routes.get(2).action();
        assertThat(proxy.upstreams()).hasSize(2);
        assertThat(proxy.settings().readTimeout()).hasSeconds(5);
        assertThat(routes.get(3).action()).isNull();
        assertThat(routes.get(4).action()).isEqualTo(new RouteConfig.Respond(204, ""));
    }

    @Test
    void securityPresetDefaultsOnAndCanBeTurnedOff() throws Exception {
        assertThat(load("").defaultSite().securityHeaders()).isTrue();
        assertThat(load("headers.security=false\n").defaultSite().securityHeaders()).isFalse();
        assertThat(problems("headers.security=maybe\n")).anySatisfy(p -> assertThat(p).contains("headers.security:"));
    }

    /** routes | key the error must name | words it must contain. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "route.1.redirect=/a;route.1.respond=200     | route.1.respond    | at most one action",
        "route.1.match=~^/old/(\\d+$;route.1.respond=200 | route.1.match    | regular expression",
        "route.1.redirect=/a;route.1.status=200      | route.1.status     | 301, 302, 303, 307 or 308",
        "route.1.redirect=/a;route.1.statuss=301     | route.1.statuss    | unknown key",
        "route.1.respond=200;route.1.status=301      | route.1.status     | only with redirect",
        "route.x.match=/a                            | route.x.match      | not a route number",
        "route.1.match=/a/**/b;route.1.respond=200   | route.1.match      | /prefix/**",
        "route.1.allow=example.org                   | route.1.allow      | IP address",
        "route.1.proxy=ftp://x                       | route.1.proxy      | http:// or https://",
        "route.1.respond=200;route.1.proxy.host=a    | route.1.proxy.host | only on a proxy route",
        "route.1.header.set.X-A=                     | route.1.header.set.X-A | header.remove",
        "route.1.header.X-A=[                        | route.1.header.X-A | regular expression",
        "route.1.redirect=to somewhere               | route.1.redirect   | placeholders",
        "route.1.match=/u/{name};route.1.redirect=/v/{nmae} | route.1.redirect | {nmae} is not captured",
        "route.1.match=~^/a/(\\d+)$;route.1.rewrite=/b/{2} | route.1.rewrite | {2} is not captured",
        "route.1.auth.basic.users-file=users.txt    | route.1.auth.basic.users-file | line 2",
    })
    void loadTimeErrorsNameTheKey(String routes, String key, String words) throws Exception {
        List<String> problems = problems(routes.replace(";", "\n") + "\n");
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(key + ":").contains(words));
    }
}
