package dev.baton.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shows the logs of running processes on the terminal as they grow, in {@link CompactLog}'s form.
 * Each process writes its log file itself and never waits on the terminal: a slow terminal only
 * slows the view. A view outlives its process, so the lines of its shutdown are shown too:
 * {@link #finish()} reads every log to its end before it returns.
 */
public final class LogView {

    private static final long POLL_MILLIS = 100;
    private static final Duration FINISH_WAIT = Duration.ofSeconds(5);

    private final Terminal terminal;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();

    public LogView(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Starts showing the process's log from its beginning. */
    public void follow(ChildProcess process) {
        final Follower follower = new Follower(process.name(), process.log());
        followers.add(follower);
        follower.thread.start();
    }

    /** Shows what is left of every log (its processes have ended, or are past caring) and stops. */
    public void finish() {
        followers.forEach(follower -> follower.finishing = true);
        for (Follower follower : followers) {
            try {
                follower.thread.join(FINISH_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Follower implements Runnable {
        private final String name;
        private final Path log;
        private final Thread thread;
        private volatile boolean finishing;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Follower(String name, Path log) {
            this.name = name;
            this.log = log;
            this.thread = new Thread(this, "view-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try (InputStream in = Files.newInputStream(log)) {
                final byte[] buffer = new byte[8192];
                while (true) {
                    final boolean last = finishing;
                    final int read = in.read(buffer);
                    if (read > 0) {
                        accept(buffer, read);
                    } else if (last) {
                        flushPartial();
                        return;
                    } else {
                        Thread.sleep(POLL_MILLIS);
                    }
                }
            } catch (IOException e) {
                terminal.warn("cannot show " + log + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void accept(byte[] bytes, int length) {
            int from = 0;
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, from, i - from);
                    flushPartial();
                    from = i + 1;
                }
            }
            partial.write(bytes, from, length - from);
        }

        private void flushPartial() {
            if (partial.size() == 0) {
                return;
            }
            String line = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            CompactLog.line(name, line, terminal.quiet(), terminal.colour()).ifPresent(terminal::show);
        }
    }
}
