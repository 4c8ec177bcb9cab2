package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "10s,10000", "5m,300000", "1h,3600000", "2d,172800000", "0s,0"})
    void durations(String text, long millis) {
        assertThat(ValueParsers.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "10 sec", "s", "-1s", "1.5s", ""})
    void durationsNeedAUnit(String text) {
        assertThatThrownBy(() -> ValueParsers.duration(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"512B,512", "64KiB,65536", "16MiB,16777216", "1GiB,1073741824", "8k,8192", "1m,1048576"})
    void sizes(String text, long bytes) {
        assertThat(ValueParsers.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64", "64 bits", "KiB"})
    void sizesNeedAUnit(String text) {
        assertThatThrownBy(() -> ValueParsers.size(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "on,true", "yes,true", "false,false", "off,false", "NO,false"})
    void booleans(String text, boolean value) {
        assertThat(ValueParsers.bool(text)).isEqualTo(value);
    }

    @org.junit.jupiter.api.Test
    void listsSplitOnCommasAndSpaces() {
        assertThat(ValueParsers.list("a, b ,c  d")).containsExactly("a", "b", "c", "d");
    }

    @org.junit.jupiter.api.Test
    void suggestionsFindTheClosestKey() {
        assertThat(KeySuggester.closest("listener.htps.port", java.util.List.of("listener.https.port", "listener.http.port")))
                .isEqualTo("listener.https.port");
    }
}
