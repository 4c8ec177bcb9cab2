package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.SiteConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-site security fields as each response gets them: replacing, never doubling, a field. */
class SecurityHeadersTest {

    private static SiteConfig site(String hsts, boolean preset) {
        return new SiteConfig("s", List.of(), null, null, hsts, preset, List.of());
    }

    @Test
    void thePresetReplacesFieldsOfTheSameNameAndLeavesOthers() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Frame-Options", "DENY").add("x-frame-options", "ALLOW")
                .add("Content-Type", "text/html");
        SecurityHeaders.of(site("max-age=63072000", true)).applyTo(headers, true);

        assertThat(headers.getAll("x-frame-options")).containsExactly("SAMEORIGIN");
        assertThat(headers.get("strict-transport-security")).isEqualTo("max-age=63072000");
        assertThat(headers.get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(headers.get("referrer-policy")).isEqualTo("strict-origin-when-cross-origin");
        assertThat(headers.get("content-type")).isEqualTo("text/html");
        assertThat(headers.size()).isEqualTo(5);
    }

    @Test
    void withoutHstsForThisHostAnUpstreamsHstsIsLeftAlone() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Strict-Transport-Security", "max-age=1");
        SecurityHeaders.of(site("max-age=63072000", false)).applyTo(headers, false);

        assertThat(headers.getAll("strict-transport-security")).containsExactly("max-age=1");
        assertThat(headers.get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(headers.contains("x-frame-options")).isFalse();
        assertThat(headers.contains("referrer-policy")).isFalse();
    }

    @Test
    void aSiteWithoutHstsNeverSendsIt() {
        HttpHeaders headers = new DefaultHttpHeaders();
        SecurityHeaders.of(site(null, true)).applyTo(headers, true);

        assertThat(headers.contains("strict-transport-security")).isFalse();
        assertThat(headers.names()).containsExactlyInAnyOrder("x-content-type-options", "referrer-policy",
                "x-frame-options");
    }
}
