/**
 * Static files: mapping request paths to files inside a document root without ever leaving it, and
 * turning a file into a {@link dev.gatehouse.http.Reply}. Path logic is pure and table-tested.
 */
package dev.gatehouse.files;
