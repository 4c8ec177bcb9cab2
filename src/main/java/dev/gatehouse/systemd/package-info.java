/**
 * systemd integration without a native helper: {@code sd_notify} readiness, status and watchdog
 * messages over {@code $NOTIFY_SOCKET} ({@link dev.gatehouse.systemd.SystemdNotifier}) and socket
 * activation from {@code LISTEN_FDS} ({@link dev.gatehouse.systemd.InheritedSockets}). Both are
 * no-ops when the daemon was not started by systemd.
 */
package dev.gatehouse.systemd;
