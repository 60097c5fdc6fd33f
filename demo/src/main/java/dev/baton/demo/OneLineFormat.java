package dev.baton.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per record, in the services' shape ({@code 08:21:46.867 INFO  [who] message}), so the
 * demo's lines sit well beside theirs in {@code ./baton up}. {@code who} is the agent whose thread
 * logged: the client's {@code Worker} runs each agent on threads named after it.
 */
final class OneLineFormat extends Formatter {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String WORKER_THREAD = "baton-worker-";

    /**
     * The JVM's log manager while the demo runs. The standard one closes every handler when the
     * JVM begins to exit, racing the demo's own shutdown, whose lines (agents handing their items
     * back) would be lost; this one keeps its handlers to the end.
     */
    public static final class KeepOpenLogManager extends LogManager {
        @Override
        public void reset() {
            // Handlers stay: the shutdown hook still logs, and output is flushed line by line anyway.
        }
    }

    /**
     * Sends every log record of this JVM to standard output, one line each. Call before any logger
     * is made (a static initializer of the main class): the log manager is chosen on first use.
     */
    static void install() {
        System.setProperty("java.util.logging.manager", KeepOpenLogManager.class.getName());
        final Logger root = Logger.getLogger("");
        for (Handler existing : root.getHandlers()) {
            root.removeHandler(existing);
        }
        final Handler handler = new ConsoleHandler() {
            {
                setOutputStream(System.out);
            }
        };
        handler.setFormatter(new OneLineFormat());
        handler.setLevel(Level.INFO);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
    }

    @Override
    public String format(LogRecord record) {
        final StringBuilder line = new StringBuilder(160)
                .append(TIME.format(record.getInstant()))
                .append(' ')
                .append(String.format(Locale.ROOT, "%-5s", level(record.getLevel())))
                .append(" [")
                .append(who(Thread.currentThread().getName()))
                .append("] ")
                .append(formatMessage(record))
                .append('\n');
        if (record.getThrown() != null) {
            final StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The services' level names: the terminal view of {@code ./baton up} colours WARN and ERROR lines. */
    static String level(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }

    /** {@code baton-worker-steady-1-0} is agent {@code steady-1}; any other thread is itself. */
    static String who(String thread) {
        if (thread.startsWith(WORKER_THREAD)) {
            final String rest = thread.substring(WORKER_THREAD.length());
            final int dash = rest.lastIndexOf('-');
            return dash > 0 ? rest.substring(0, dash) : rest;
        }
        return thread;
    }
}
