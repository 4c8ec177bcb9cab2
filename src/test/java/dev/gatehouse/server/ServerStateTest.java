package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ServerNames;
import dev.gatehouse.config.SiteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which site a name (SNI or Host) belongs to, looked up in the index built with the state. */
class ServerStateTest {

    private static Site site(String id, String... names) {
        return new Site(new SiteConfig(id, List.of(names), null, null, null, false, List.of()), null, null, null, null);
    }

    private final Site fallback = site("default");
    private final Site wild = site("wild", "*.example.org");
    private final Site www = site("www", "www.example.org", "Example.ORG");
    private final Site twice = site("twice", "www.example.org", "*.example.org", "*.example.net");
    private final ServerState state = new ServerState(null, List.of(fallback, wild, www, twice));

    @Test
    void anExactNameWinsOverAWildcardOfAnEarlierSite() {
        assertThat(state.siteNamed("www.example.org")).isSameAs(www);
        assertThat(state.siteNamed("api.example.org")).isSameAs(wild);
    }

    @Test
    void caseAndATrailingDotDoNotMatter() {
        assertThat(state.siteNamed("WWW.Example.Org.")).isSameAs(www);
        assertThat(state.siteNamed("example.org")).isSameAs(www);
        assertThat(state.siteNamed("API.example.org.")).isSameAs(wild);
    }

    @Test
    void aWildcardStandsForExactlyOneLabel() {
        assertThat(state.siteNamed("a.b.example.org")).isNull();
        assertThat(state.siteNamed(".example.org")).isNull();
        assertThat(state.siteNamed("x.example.net")).isSameAs(twice);
    }

    @Test
    void theFirstSiteToDeclareANameKeepsItAndUnknownNamesBelongToNone() {
        assertThat(state.siteNamed("www.example.org")).isNotSameAs(twice);
        assertThat(state.siteNamed("example.com")).isNull();
        assertThat(state.siteNamed("")).isNull();
        assertThat(state.siteNamed(null)).isNull();
    }

    @Test
    void theIndexAgreesWithTheMatchingRuleForEveryPatternAndName() {
        List<String> names = List.of("www.example.org", "WWW.EXAMPLE.ORG.", "example.org", "api.example.org",
                "a.b.example.org", "x.example.net", "example.net", "example.com", "org", "localhost");
        for (String name : names) {
            Site expected = null;
            for (Site s : state.sites()) {
                for (String p : s.config().serverNames()) {
                    if (expected == null && !p.startsWith("*.") && ServerNames.matches(p, name)) {
                        expected = s;
                    }
                }
            }
            for (Site s : state.sites()) {
                for (String p : s.config().serverNames()) {
                    if (expected == null && p.startsWith("*.") && ServerNames.matches(p, name)) {
                        expected = s;
                    }
                }
            }
            assertThat(state.siteNamed(name)).as(name).isSameAs(expected);
        }
    }
}
