package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The checker used by the /metrics tests rejects what the exposition rules forbid. */
class PrometheusFormatTest {

    @Test
    void acceptsAValidExposition() {
        String ok = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"q\\\"\\\\\\n\"} 3\n"
                + "# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.3\nh_count 2\n";
        assertThat(PrometheusFormat.parse(ok)).containsEntry("h_count{}", 2.0).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a 1\n",                                                   // no TYPE
        "# TYPE a gauge\na 1",                                     // no final newline
        "# TYPE a gauge\na{x=\"1\"} one\n",                        // bad value
        "# TYPE a gauge\na{x=\"\\q\"} 1\n",                         // bad escape
        "# TYPE a gauge\na{1x=\"1\"} 1\n",                          // bad label name
        "# TYPE a gauge\na 1\na 2\n",                              // duplicate series
        "# TYPE a gauge\n# TYPE a gauge\na 1\n",                   // TYPE twice
        "# TYPE a gauge\n# TYPE b gauge\na 1\n",                   // sample outside its block
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", // not cumulative
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n", // +Inf != count
        "# TYPE c counter\nc -1\n",                                // negative counter
    })
    void rejectsBrokenExpositions(String text) {
        assertThatThrownBy(() -> PrometheusFormat.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
