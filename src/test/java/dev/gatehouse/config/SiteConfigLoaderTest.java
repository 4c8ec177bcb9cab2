package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code site.<id>.*}, {@code tls.letsencrypt-dir} and the name rules; file contents are not read here. */
class SiteConfigLoaderTest {

    @TempDir
    Path dir;
    Properties p;

    @BeforeEach
    void base() throws IOException {
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("le/example.org"));
        for (String f : new String[] {"c.pem", "k.pem", "le/example.org/fullchain.pem", "le/example.org/privkey.pem"}) {
            Files.writeString(dir.resolve(f), "x");
        }
        p = new Properties();
        p.setProperty("tls.certificate", "c.pem");
        p.setProperty("tls.certificate-private-key", "k.pem");
        p.setProperty("static.root", "www");
    }

    private ServerConfig load() throws ConfigException {
        return ConfigLoader.load(p, "test.properties", dir, null);
    }

    private String problems() {
        try {
            load();
            return "";
        } catch (ConfigException e) {
            return e.problems().toString();
        }
    }

    @Test
    void flatKeysAloneMakeOneDefaultSite() throws Exception {
        ServerConfig c = load();
        assertThat(c.sites()).hasSize(1);
        assertThat(c.defaultSite().id()).isEqualTo("default");
        assertThat(c.rejectUnknownSni()).isFalse();
        assertThat(c.pidFile()).isNull();
    }

    @Test
    void namedSiteInheritsPolicyButHasItsOwnNamesAndKeys() throws Exception {
        p.setProperty("tls.protocols", "TLSv1.3");
        p.setProperty("site.shop.server-names", "Shop.Example.org, *.shop.example.org");
        p.setProperty("site.shop.tls.letsencrypt-dir", "le/example.org");
        p.setProperty("site.shop.headers.hsts", "off");
        ServerConfig c = load();
        SiteConfig shop = c.sites().get(1);
        assertThat(shop.id()).isEqualTo("shop");
        assertThat(shop.serverNames()).containsExactly("shop.example.org", "*.shop.example.org");
        assertThat(shop.tls().protocols()).containsExactly("TLSv1.3");
        assertThat(shop.hsts()).isNull();
        assertThat(shop.staticFiles().root()).isEqualTo(dir.resolve("www"));
        assertThat(shop.tls().keySource()).isEqualTo(new KeySource.PemFiles(
                java.util.List.of(dir.resolve("le/example.org/fullchain.pem")),
                java.util.List.of(dir.resolve("le/example.org/privkey.pem")), null));
    }

    @Test
    void routesBelongToTheirSite() throws Exception {
        p.setProperty("route.1.match", "/old/**");
        p.setProperty("route.1.redirect", "/new/{rest}");
        p.setProperty("site.shop.server-names", "shop.example.org");
        p.setProperty("site.shop.tls.letsencrypt-dir", "le/example.org");
        p.setProperty("site.shop.route.5.match", "/healthz");
        p.setProperty("site.shop.route.5.respond", "204");
        p.setProperty("site.shop.headers.security", "false");
        ServerConfig c = load();
        assertThat(c.defaultSite().routes()).singleElement().satisfies(r -> assertThat(r.match()).isEqualTo("/old/**"));
        SiteConfig shop = c.sites().get(1);
        assertThat(shop.routes()).singleElement().satisfies(r -> assertThat(r.match()).isEqualTo("/healthz"));
        assertThat(shop.securityHeaders()).isFalse();
        assertThat(c.defaultSite().securityHeaders()).isTrue();
    }

    @Test
    void aRouteErrorInASiteNamesTheSiteKey() {
        p.setProperty("site.shop.server-names", "shop.example.org");
        p.setProperty("site.shop.tls.letsencrypt-dir", "le/example.org");
        p.setProperty("site.shop.route.5.match", "/x");
        p.setProperty("site.shop.route.5.respond", "204");
        p.setProperty("site.shop.route.5.redirect", "/y");
        assertThat(problems()).contains("site.shop.route.5");
    }

    @Test
    void staticKeysPerSiteOverrideTheDefaultSiteOnly() throws Exception {
        p.setProperty("static.max-ranges", "4");
        p.setProperty("static.mime.foo", "text/x-foo");
        p.setProperty("site.shop.server-names", "shop.example.org");
        p.setProperty("site.shop.tls.certificate", "c.pem");
        p.setProperty("site.shop.tls.certificate-private-key", "k.pem");
        p.setProperty("site.shop.static.directory-listing", "true");
        p.setProperty("site.shop.static.mime.bar", "text/x-bar");
        ServerConfig c = load();
        StaticConfig shop = c.sites().get(1).staticFiles();
        assertThat(shop.directoryListing()).isTrue();
        assertThat(shop.maxRanges()).isEqualTo(4);
        assertThat(shop.mimeTypes()).containsEntry("foo", "text/x-foo").containsEntry("bar", "text/x-bar");
        assertThat(c.defaultSite().staticFiles().directoryListing()).isFalse();
        assertThat(c.defaultSite().staticFiles().mimeTypes()).doesNotContainKey("bar");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "site.shop.server-name | shop.example.org | site.shop.server-name: unknown key (did you mean site.shop.server-names?)",
        "site.shop.tls.certificate | c.pem | site.shop.server-names: missing",
        "site.default.server-names | a.example.org | bad site id \"default\"",
        "site.Shop.server-names | a.example.org | bad site id \"Shop\"",
        "tls.letsencrypt-dir | le/missing | fullchain.pem\" does not exist",
        "tls.reject-unknown-sni | maybe | tls.reject-unknown-sni: \"maybe\" (expected: true or false)",
        "tls.client-auth | require | tls.client-ca: missing (expected: with tls.client-auth=require",
        "tls.client-auth | sometimes | tls.client-auth: \"sometimes\" (expected: one of none, optional, require)",
        "tls.session-timeout | 30d | tls.session-timeout: \"30d\" (expected: from 1s to 7d",
        "tls.session-ticket-keys | nope.keys | nope.keys\" does not exist (expected: a file of session ticket keys",
        "run.pid-fil | x.pid | run.pid-fil: unknown key (did you mean run.pid-file?)"})
    void problemsNameTheKey(String key, String value, String expected) {
        p.setProperty(key, value);
        assertThat(problems()).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"a.*.example.org", "*", "*.org", "exa_mple.org", "-a.example.org"})
    void badServerNames(String name) {
        p.setProperty("site.x.server-names", name);
        p.setProperty("site.x.tls.certificate", "c.pem");
        p.setProperty("site.x.tls.certificate-private-key", "k.pem");
        assertThat(problems()).contains("site.x.server-names: \"" + name + "\" (expected: host names");
    }

    @Test
    void aNameBelongsToOneSiteOnly() {
        for (String id : new String[] {"a", "b"}) {
            p.setProperty("site." + id + ".server-names", "example.org");
            p.setProperty("site." + id + ".tls.certificate", "c.pem");
            p.setProperty("site." + id + ".tls.certificate-private-key", "k.pem");
        }
        assertThat(problems()).contains("site.b.server-names: \"example.org\" is also a name of site a");
    }

    @Test
    void letsEncryptDirExcludesCertificate() {
        p.setProperty("tls.letsencrypt-dir", "le/example.org");
        assertThatThrownBy(this::load).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.letsencrypt-dir: set together with tls.certificate");
    }

    @ParameterizedTest
    @CsvSource({
        "example.org, example.org, true", "example.org, EXAMPLE.org., true", "example.org, www.example.org, false",
        "*.example.org, a.example.org, true", "*.example.org, example.org, false",
        "*.example.org, a.b.example.org, false", "*.example.org, .example.org, false"})
    void wildcardMatchesExactlyOneLabel(String pattern, String host, boolean expected) {
        assertThat(ServerNames.matches(pattern, host)).isEqualTo(expected);
    }
}
