package dev.baton.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a run of the command line reads and writes: its streams, its environment, and whether
 * stderr is a terminal (then a long wait draws a spinner). Tests hand in their own.
 */
record Console(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean tty) {}
