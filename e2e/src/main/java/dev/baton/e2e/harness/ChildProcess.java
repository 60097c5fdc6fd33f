package dev.baton.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One process the harness started: a command line, its environment and working folder, and
 * the log file its output is appended to. It can be stopped politely (SIGTERM, then SIGKILL
 * after a grace period), killed outright (SIGKILL, as a crash would), and started again with
 * the same command, environment and log.
 *
 * <p>Every process ever started is known to {@link Reaper}, which kills what is still running
 * when the JVM exits, so a failed or interrupted test leaves nothing behind.
 */
public final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path log;
    private final boolean keepInput;
    private Process process;
    private int starts;
    /** Where this start's output begins in the log, so a restart is not judged by the last run's lines. */
    private long logOffset;

    /**
     * A process with its standard input from {@code /dev/null}, as {@code ./baton up} starts its
     * processes; with {@code keepInput}, a pipe this JVM holds open (see {@link #closeInput()}).
     */
    public ChildProcess(String name, List<String> command, Map<String, String> environment, Path workingDir, Path log,
            boolean keepInput) {
        this.name = Objects.requireNonNull(name, "name");
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.log = log;
        this.keepInput = keepInput;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Starts the process; its output (stdout and stderr) is appended to the log. */
    public synchronized ChildProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(log.getParent());
            starts++;
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, String.format(Locale.ROOT, "%n--- harness: start %d of %s at %s: %s%n", starts, name,
                    Instant.now(), printable(command)), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            final ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            if (!keepInput) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        Reaper.track(process);
        return this;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Closes the pipe to the process's standard input: a process that watches it ends. */
    public synchronized void closeInput() {
        if (process != null && keepInput) {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Waits up to {@code timeout} for the process to end on its own; true if it has. */
    public boolean awaitExit(Duration timeout) {
        final Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            return true;
        }
        try {
            return current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !current.isAlive();
        }
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. Returns once it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. Returns once it is gone. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!awaitExit(grace)) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    /** Kills the process (SIGKILL) and starts it again with the same command, environment and log. */
    public synchronized ChildProcess restartAfterKill() {
        kill();
        return start();
    }

    /** The command line for the log, with a long classpath cut to its length. */
    private static String printable(List<String> command) {
        final List<String> shown = new ArrayList<>(command);
        for (int i = 0; i + 1 < shown.size(); i++) {
            if (shown.get(i).equals("-cp") && shown.get(i + 1).length() > 200) {
                shown.set(i + 1, "<" + shown.get(i + 1).split(java.io.File.pathSeparator).length + " entries>");
            }
        }
        return String.join(" ", shown);
    }

    /** The last lines of the log, for a failure message. */
    public String tail(int lines) {
        try {
            final List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Whether what the process wrote since its latest start holds the fragment. */
    public boolean loggedSinceStart(String fragment) {
        final long from;
        synchronized (this) {
            from = logOffset;
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            final long length = file.length();
            if (length <= from) {
                return false;
            }
            final byte[] bytes = new byte[(int) Math.min(length - from, Integer.MAX_VALUE)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1).contains(fragment);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
