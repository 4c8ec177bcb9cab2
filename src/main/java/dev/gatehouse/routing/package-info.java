/**
 * Routing: the ordered, first-match {@code route.<n>.*} table that decides per request whether it is
 * redirected, rewritten, answered directly, served from a mount, proxied, or left to the static
 * handler; plus per-route response header edits and access rules (CIDR allow/deny, HTTP Basic with
 * bcrypt). Pure logic: Netty types appear (headers, statuses), Netty I/O does not, so the tables here
 * are tested without sockets.
 */
package dev.gatehouse.routing;
