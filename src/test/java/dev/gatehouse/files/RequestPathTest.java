package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path containment as a table of hostile and honest paths. */
class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/                        | ''",
            "/index.html              | index.html",
            "/a/b/c.txt               | a/b/c.txt",
            "//a///b                  | a/b",
            "/a/./b                   | a/b",
            "/caf%C3%A9.txt           | café.txt",
            "/a%20b                   | a b",
            "/%252e%252e/x            | %2e%2e/x",
            "/.well-known/acme-challenge/tok | .well-known/acme-challenge/tok",
            "/a%2Fb                   | a/b",
    })
    void honestPathsMapInsideTheRoot(String raw, String relative) throws Exception {
        assertThat(RequestPath.parse(raw.trim()).relative()).isEqualTo(relative.trim());
    }

    @ParameterizedTest(name = "{0} refused as {1}")
    @CsvSource(delimiter = '|', value = {
            "/..                  | MALFORMED",
            "/../etc/passwd       | MALFORMED",
            "/a/../../etc/passwd  | MALFORMED",
            "/%2e%2e/etc/passwd   | MALFORMED",
            "/%2E%2E%2Fetc        | MALFORMED",
            "/a/%2e%2e            | MALFORMED",
            "/..%2f..%2fetc       | MALFORMED",
            "/%c0%ae%c0%ae/etc    | MALFORMED",
            "/%e0%80%ae%e0%80%ae/x| MALFORMED",
            "/..%5c..%5cetc       | MALFORMED",
            "/a%5cb               | MALFORMED",
            "/a\\b                | MALFORMED",
            "/file%00.html        | MALFORMED",
            "/a%0d%0aSet-Cookie:x | MALFORMED",
            "/a%7f                | MALFORMED",
            "/a%c2%85             | MALFORMED",
            "/%                   | MALFORMED",
            "/%4                  | MALFORMED",
            "/%zz                 | MALFORMED",
            "/%ff                 | MALFORMED",
            "relative/path        | MALFORMED",
            "''                   | MALFORMED",
            "/.git/config         | HIDDEN",
            "/.env                | HIDDEN",
            "/a/.htpasswd         | HIDDEN",
            "/%2egit/config       | HIDDEN",
            "/a/.well-known/x     | HIDDEN",
            "/.well-known/.hidden | HIDDEN",
            "/..;/x               | HIDDEN",
    })
    void hostilePathsAreRefused(String raw, RequestPath.Refusal refusal) {
        String path = raw.trim().equals("''") ? "" : raw.trim();
        assertThatThrownBy(() -> RequestPath.parse(path))
                .isInstanceOfSatisfying(RequestPath.RefusedException.class, e -> assertThat(e.refusal()).isEqualTo(refusal));
    }

    @ParameterizedTest
    @CsvSource({"/a/,true", "/a,false", "/,true"})
    void trailingSlashIsKept(String raw, boolean slash) throws Exception {
        assertThat(RequestPath.parse(raw).trailingSlash()).isEqualTo(slash);
    }
}
