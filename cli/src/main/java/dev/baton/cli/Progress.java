package dev.baton.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line spinner with the seconds elapsed, redrawn on stderr while a call waits (a long poll,
 * a retry). Drawn only when stderr is a terminal; otherwise every method does nothing, so scripts
 * and logs never see carriage returns.
 */
final class Progress implements AutoCloseable {

    private static final String FRAMES = "|/-\\";

    private final PrintStream err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private volatile String text;
    private Thread painter;

    Progress(PrintStream err, boolean enabled, String text) {
        this.err = err;
        this.enabled = enabled;
        this.text = text;
        if (enabled) {
            painter = new Thread(this::paint, "baton-progress");
            painter.setDaemon(true);
            painter.start();
        }
    }

    static Progress none(PrintStream err) {
        return new Progress(err, false, "");
    }

    boolean enabled() {
        return enabled;
    }

    void say(String value) {
        text = value;
    }

    private void paint() {
        int frame = 0;
        while (!Thread.currentThread().isInterrupted()) {
            final long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            synchronized (err) {
                err.print(String.format(
                        Locale.ROOT, "\r%c %s %ds\033[K", FRAMES.charAt(frame++ % FRAMES.length()), text, seconds));
                err.flush();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (painter != null) {
            painter.interrupt();
            try {
                painter.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (err) {
                err.print("\r\033[K");
                err.flush();
            }
            painter = null;
        }
    }
}
