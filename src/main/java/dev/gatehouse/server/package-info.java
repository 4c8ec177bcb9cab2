/**
 * The Netty side: event loops, listeners, pipeline assembly, request dispatch, response writing and
 * graceful shutdown. Handlers below it (files, routing) return {@link dev.gatehouse.http.Reply}
 * objects and never touch channels.
 */
package dev.gatehouse.server;
