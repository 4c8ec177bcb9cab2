package dev.gatehouse.cli;

import dev.gatehouse.server.GatehouseServer;

/** The one-line {@code STATUS=} text shown by {@code systemctl status} while serving. */
final class ReadyStatus {

    private ReadyStatus() {
    }

    static String of(GatehouseServer server) {
        String sites = server.state().sites().size() == 1 ? "1 site" : server.state().sites().size() + " sites";
        return "serving " + sites + " on https port " + server.httpsPort()
                + (server.httpPort() > 0 ? " and http port " + server.httpPort() : "");
    }
}
