package dev.gatehouse.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {

    @ParameterizedTest(name = "[{index}] {0} ~ {1} = {2}")
    @CsvSource({
        "*.html, /index.html, true",
        "*.html, /a/b/page.html, true",
        "*.html, /a.html/x.js, false",
        "/assets/**, /assets/app.1234.js, true",
        "/assets/**, /assets/img/logo.png, true",
        "/assets/**, /other/assets/x.js, false",
        "/assets/*, /assets/img/logo.png, false",
        "/*.js, /app.js, true",
        "/*.js, /sub/app.js, false",
        "app.?.js, /x/app.1.js, true",
        "app.?.js, /x/app.12.js, false",
        "/a+b(c).txt, /a+b(c).txt, true",
        "/a+b(c).txt, /aab(c).txt, false",
    })
    void matches(String glob, String path, boolean expected) {
        assertThat(PathGlob.compile(glob).matches(path)).isEqualTo(expected);
    }
}
