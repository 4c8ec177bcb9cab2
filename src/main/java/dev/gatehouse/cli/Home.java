package dev.gatehouse.cli;

import java.nio.file.Path;

/** The install root ({@code gatehouse.home}, set by the launcher), else the working directory. */
final class Home {

    private Home() {
    }

    static Path dir() {
        String home = System.getProperty("gatehouse.home");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    static Path defaultConfig() {
        return dir().resolve("conf").resolve("gatehouse.properties");
    }

    /** {@code $GATEHOUSE_STATE_DIR}, else {@code $XDG_STATE_HOME/gatehouse}, else {@code ~/.local/state/gatehouse}. */
    static Path stateDir() {
        String explicit = System.getenv("GATEHOUSE_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "gatehouse");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "gatehouse");
    }
}
