package dev.gatehouse.systemd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listening sockets handed over by systemd socket activation ({@code sd_listen_fds(3)}): when
 * {@code LISTEN_PID} is this process, descriptors 3 .. 3+{@code LISTEN_FDS}-1 are already bound and
 * listening. {@code LISTEN_FDNAMES} (from {@code FileDescriptorName=} in the socket unit) names them
 * {@code https} or {@code http}; without names the first is https and the second http.
 *
 * <p>Pure parsing, no Netty: the server wraps the descriptors.
 */
public final class InheritedSockets {

    /** The first passed descriptor (SD_LISTEN_FDS_START). */
    static final int FIRST_FD = 3;
    private static final InheritedSockets NONE = new InheritedSockets(Map.of());

    private final Map<String, Integer> byName;

    private InheritedSockets(Map<String, Integer> byName) {
        this.byName = Map.copyOf(byName);
    }

    public static InheritedSockets none() {
        return NONE;
    }

    public static InheritedSockets fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * @throws IllegalArgumentException when the variables are meant for us but make no sense (a unit
     *     file mistake the operator must see, not a silent fallback to binding)
     */
    public static InheritedSockets fromEnvironment(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String listenFds = env.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null || !listenPid.trim().equals(Long.toString(pid))) {
            return NONE;
        }
        int count;
        try {
            count = Integer.parseInt(listenFds.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LISTEN_FDS=" + listenFds + " (expected: a number of sockets)");
        }
        if (count < 0 || count > 2) {
            throw new IllegalArgumentException("LISTEN_FDS=" + listenFds
                    + " (expected: 1 or 2 sockets, named https and http with FileDescriptorName=)");
        }
        String namesVar = env.get("LISTEN_FDNAMES");
        List<String> names = namesVar == null || namesVar.isEmpty()
                ? List.of("https", "http") : List.of(namesVar.split(":", -1));
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = i < names.size() ? names.get(i) : "";
            if (!name.equals("https") && !name.equals("http")) {
                throw new IllegalArgumentException("LISTEN_FDNAMES=" + namesVar + ": socket " + (i + 1) + " is named \""
                        + name + "\" (expected: https or http, set with FileDescriptorName= in gatehouse.socket)");
            }
            if (byName.put(name, FIRST_FD + i) != null) {
                throw new IllegalArgumentException("LISTEN_FDNAMES=" + namesVar + ": \"" + name + "\" twice");
            }
        }
        return new InheritedSockets(byName);
    }

    /** The descriptor for {@code https} or {@code http}, if systemd passed one. */
    public Optional<Integer> fd(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean any() {
        return !byName.isEmpty();
    }

    @Override
    public String toString() {
        return byName.isEmpty() ? "none" : byName.toString();
    }
}
