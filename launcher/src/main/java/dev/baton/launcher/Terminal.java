package dev.baton.launcher;

import java.io.PrintStream;

/**
 * What the launcher prints, one line at a time under one lock so that the log view's lines and
 * the launcher's own never interleave: its messages ({@code [baton] ...}, bold; warnings yellow and
 * errors red on standard error), the banner, and the view's lines. Colour only when asked for.
 */
public final class Terminal {

    static final String RESET = "\033[0m";
    static final String BOLD = "\033[1m";
    static final String RED = "\033[31m";
    static final String GREEN = "\033[32m";
    static final String YELLOW = "\033[33m";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean colour;
    private final boolean quiet;

    public Terminal(PrintStream out, PrintStream err, boolean colour, boolean quiet) {
        this.out = out;
        this.err = err;
        this.colour = colour;
        this.quiet = quiet;
    }

    public boolean colour() {
        return colour;
    }

    public boolean quiet() {
        return quiet;
    }

    /** A step of the launcher's; not shown under {@code --quiet}. */
    public void say(String message) {
        if (!quiet) {
            print(out, paint(BOLD, "[baton]") + " " + message);
        }
    }

    public void warn(String message) {
        print(err, paint(YELLOW, "[baton] " + message));
    }

    public void error(String message) {
        print(err, paint(RED, "[baton] " + message));
    }

    /** Lines as they are, to standard error: the end of a log after a failure. */
    public void detail(String text) {
        print(err, text);
    }

    /** Text as it is, to standard output: the banner, a line of the log view. */
    public void show(String text) {
        print(out, text);
    }

    String paint(String colourCode, String text) {
        return colour ? colourCode + text + RESET : text;
    }

    private synchronized void print(PrintStream stream, String text) {
        stream.println(text);
        stream.flush();
    }
}
