package dev.gatehouse.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InheritedSocketsTest {

    @Test
    void namedSockets() {
        InheritedSockets s = InheritedSockets.fromEnvironment(
                Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "http:https"), 42);
        assertThat(s.fd("http")).contains(3);
        assertThat(s.fd("https")).contains(4);
    }

    @Test
    void unnamedMeansHttpsThenHttp() {
        InheritedSockets s = InheritedSockets.fromEnvironment(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42);
        assertThat(s.fd("https")).contains(3);
        assertThat(s.fd("http")).isEmpty();
    }

    @Test
    void variablesForAnotherProcessAreIgnored() {
        assertThat(InheritedSockets.fromEnvironment(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42).any()).isFalse();
        assertThat(InheritedSockets.fromEnvironment(Map.of(), 42).any()).isFalse();
    }

    @Test
    void nonsenseIsAnError() {
        assertThatThrownBy(() -> InheritedSockets.fromEnvironment(
                Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "web"), 42))
                .hasMessageContaining("\"web\"").hasMessageContaining("FileDescriptorName=");
        assertThatThrownBy(() -> InheritedSockets.fromEnvironment(
                Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "https:https"), 42))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> InheritedSockets.fromEnvironment(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "3"), 42))
                .hasMessageContaining("LISTEN_FDS=3");
    }
}
