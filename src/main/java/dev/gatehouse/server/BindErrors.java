package dev.gatehouse.server;

import java.util.Locale;

/** Turns a failed bind into one line that names the listener, the cause and the fix. */
public final class BindErrors {

    private BindErrors() {
    }

    public static String explain(String listenerKey, String display, int port, Throwable cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("permission denied") || m.contains("eacces")) {
            return listenerKey + ".port: cannot bind " + display + ": permission denied. Ports below 1024 need a "
                    + "privilege: run under systemd with AmbientCapabilities=CAP_NET_BIND_SERVICE (see "
                    + "scripts/gatehouse.service), or `setcap cap_net_bind_service=+ep` on the java binary, "
                    + "or choose a port above 1023";
        }
        if (m.contains("address already in use") || m.contains("eaddrinuse")) {
            return listenerKey + ".port: cannot bind " + display + ": the port is already in use by another "
                    + "process (find it with `ss -ltnp 'sport = :" + port + "'`; stop it or choose another port)";
        }
        if (m.contains("cannot assign requested address") || m.contains("eaddrnotavail")) {
            return listenerKey + ".address: cannot bind " + display + ": no such address on this machine "
                    + "(check the address, or leave it empty for all interfaces)";
        }
        return listenerKey + ": cannot bind " + display + ": " + cause.getMessage();
    }
}
