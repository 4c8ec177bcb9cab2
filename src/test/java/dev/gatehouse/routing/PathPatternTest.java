package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    /** pattern | path | captures as k=v;k=v, or NONE for no match. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a            | /a              | ''",
        "/a            | /a/             | NONE",
        "/a            | /ab             | NONE",
        "/a/**         | /a              | rest=",
        "/a/**         | /a/             | rest=",
        "/a/**         | /a/b/c.txt      | rest=b/c.txt",
        "/a/**         | /ab             | NONE",
        "/**           | /x/y            | rest=x/y",
        "/u/{name}     | /u/alice        | name=alice",
        "/u/{name}     | /u/alice/x      | NONE",
        "/u/{id}/p/{n} | /u/7/p/9        | id=7;n=9",
        "/u/{id}/**    | /u/7/a/b        | id=7;rest=a/b",
        "~^/old/(\\d+)$ | /old/42        | 1=42",
        "~^/old/(\\d+)$ | /old/4x        | NONE",
        "~\\.php$      | /x/index.php    | ''",
        "/a.b          | /aXb            | NONE",
    })
    void matches(String pattern, String path, String expected) {
        Map<String, String> captures = PathPattern.parse(pattern).match(path);
        if (expected.equals("NONE")) {
            assertThat(captures).isNull();
            return;
        }
        assertThat(captures).isNotNull();
        java.util.Map<String, String> want = new java.util.HashMap<>();
        for (String kv : expected.split(";")) {
            if (!kv.isEmpty()) {
                String[] p = kv.split("=", -1);
                want.put(p[0], p[1]);
            }
        }
        assertThat(captures).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/new/{rest}{query}      | rest=a/b c   | /p     | ?x=1 | /new/a/b%20c?x=1",
        "https://n.example/{1}   | 1=42         | /p     | ''   | https://n.example/42",
        "/x/{name}               | name=a?b#c   | /p     | ''   | /x/a%3Fb%23c",
        "/x/{name}               | name=é\\r\\n | /p     | ''   | /x/%C3%A9%0D%0A",
        "/mirror{path}           | ''           | /a b/c | ?q   | /mirror/a%20b/c",
    })
    void templatesEncodeCapturesAndKeepTheQuery(String template, String captures, String path, String query,
            String expected) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String kv : captures.replace("\\r", "\r").replace("\\n", "\n").split(";")) {
            if (!kv.isEmpty()) {
                String[] p = kv.split("=", 2);
                map.put(p[0], p[1]);
            }
        }
        Template t = Template.parse(template, map.keySet());
        assertThat(t.expand(map, path, query)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a                | /a",
        "//a///b/          | /a/b/",
        "/a/./b            | /a/b",
        "/%61dmin/x        | /admin/x",
        "/a/../b           | NULL",
        "/a/%2e%2e/b       | NULL",
        "/%zz              | NULL",
        "/%c0%ae           | NULL",
        "relative          | NULL",
        "/                 | /",
    })
    void canonicalPaths(String raw, String expected) {
        assertThat(PathCodec.canonical(raw)).isEqualTo(expected.equals("NULL") ? null : expected);
    }

    @org.junit.jupiter.api.Test
    void unknownTemplatePlaceholderIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Template.parse("/x/{nme}", Set.of("name")))
                .hasMessageContaining("{nme}").hasMessageContaining("name");
    }
}
