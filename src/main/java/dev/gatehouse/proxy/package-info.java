/**
 * The reverse proxy: forwards a routed request to one of a route's upstreams over a pooled Netty
 * client connection on the inbound channel's own event loop, streams both bodies with back-pressure
 * (auto-read follows the other side's writability), rewrites forwarding headers, passes WebSocket
 * upgrades through, and turns upstream failures into 502 / 504. See {@link dev.gatehouse.proxy.ProxyExchange}
 * for the contract with the server's request loop.
 */
package dev.gatehouse.proxy;
