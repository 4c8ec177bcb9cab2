/** Access log lines and the rules for which network errors are worth a log line. */
package dev.gatehouse.logging;
