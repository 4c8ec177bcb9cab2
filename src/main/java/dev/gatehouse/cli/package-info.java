/** The command line: subcommands, exit codes, logging set-up and signal handling. */
package dev.gatehouse.cli;
