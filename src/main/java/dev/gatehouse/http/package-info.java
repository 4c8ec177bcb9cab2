/**
 * The protocol-neutral response model shared by every handler: a {@link dev.gatehouse.http.Reply}
 * says what to send, the server package decides how (HTTP/1.1 or HTTP/2, TLS or plain). Sits below
 * files and routing so that they need not know the server. (A small package that STYLE.md does not
 * list; see docs/design.md.)
 */
package dev.gatehouse.http;
