package dev.baton.launcher;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process started from this JVM: a command line, its environment and working folder, and the
 * log file its output (stdout and stderr) goes to. It can be stopped politely (SIGTERM, then
 * SIGKILL after a grace period), killed outright (SIGKILL, as a crash would), and started again
 * with the same command, environment and log.
 *
 * <p>Every process starts with SIGINT ignored, as a shell's background jobs do: a Ctrl-C at the
 * terminal reaches the whole foreground process group, and only the launcher may act on it, so
 * that the processes stop in order (the demo, the services, then the broker) and not all at once.
 * SIGTERM still stops each one cleanly.
 */
public final class ChildProcess {

    /** Ignores SIGINT, then becomes the command: the same pid, with the ignored signal inherited across exec. */
    private static final List<String> IGNORING_INTERRUPT = List.of("/bin/sh", "-c", "trap '' INT; exec \"$@\"", "sh");

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    /** Starts each of its runs in the log, so a restart can be told from the run before it. */
    public static final String START_MARK = "--- launcher: start ";

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path log;
    private final boolean keepInput;
    private final boolean freshLog;
    private final boolean reapOnExit;
    private Process process;
    private int starts;
    /** Where this start's output begins in the log, so a restart is not judged by the last run's lines. */
    private long logOffset;

    private ChildProcess(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workingDir,
            Path log,
            boolean keepInput,
            boolean freshLog,
            boolean reapOnExit) {
        this.name = Objects.requireNonNull(name, "name");
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = Objects.requireNonNull(workingDir, "workingDir");
        this.log = Objects.requireNonNull(log, "log");
        this.keepInput = keepInput;
        this.freshLog = freshLog;
        this.reapOnExit = reapOnExit;
    }

    /**
     * A process of a stack: standard input from {@code /dev/null}; its log emptied at its first
     * start (a view of it must not show the last run's lines) and appended to on a restart. Its
     * {@link Stack} stops it, in order, however this JVM ends (short of SIGKILL).
     */
    public static ChildProcess of(ProcessSpec spec) {
        return new ChildProcess(
                spec.name(), spec.command(), spec.environment(), spec.workingDir(), spec.log(), false, true, false);
    }

    /**
     * A process whose standard input is a pipe this JVM holds open (see {@link #closeInput()}), so
     * it can notice its parent is gone, even after a SIGKILL of this JVM; its log is appended to,
     * and it is killed if it still runs when this JVM exits.
     */
    public static ChildProcess withInput(
            String name, List<String> command, Map<String, String> environment, Path workingDir, Path log) {
        return new ChildProcess(name, command, environment, workingDir, log, true, false, true);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Starts the process; its output is written to the log. */
    public synchronized ChildProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(log.getParent());
            starts++;
            if (freshLog && starts == 1) {
                Files.deleteIfExists(log);
            }
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(
                    log,
                    String.format(
                            Locale.ROOT,
                            "%s%d of %s at %s: %s%n",
                            START_MARK,
                            starts,
                            name,
                            Instant.now(),
                            printable(command)),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            final List<String> line = new ArrayList<>(IGNORING_INTERRUPT);
            line.addAll(command);
            final ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            if (!keepInput) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        if (reapOnExit) {
            Reaper.track(process);
        }
        return this;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The exit status of the latest run, once it has ended. */
    public synchronized OptionalInt exitStatus() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Completes when the latest run ends (at once if it never started). */
    public synchronized CompletableFuture<ChildProcess> onExit() {
        return process == null
                ? CompletableFuture.completedFuture(this)
                : process.onExit().thenApply(p -> this);
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
    public void kill() {
        final Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        awaitExit(KILL_WAIT);
    }

    /**
     * SIGTERM, then SIGKILL if the process has not exited within {@code grace}. Returns once it is
     * gone: true if it stopped on SIGTERM (or was not running), false if it had to be killed.
     * Not synchronized: a {@link #kill()} from another thread must be able to cut the grace short.
     */
    public boolean stop(Duration grace) {
        final Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || !current.isAlive()) {
            return true;
        }
        current.destroy();
        if (awaitExit(grace)) {
            return true;
        }
        current.destroyForcibly();
        awaitExit(KILL_WAIT);
        return false;
    }

    /** Kills the process (SIGKILL) and starts it again with the same command, environment and log. */
    public synchronized ChildProcess restartAfterKill() {
        kill();
        return start();
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
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
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

    /** The command line for the log, with a long classpath cut to its length. */
    private static String printable(List<String> command) {
        final List<String> shown = new ArrayList<>(command);
        for (int i = 0; i + 1 < shown.size(); i++) {
            if (shown.get(i).equals("-cp") && shown.get(i + 1).length() > 200) {
                shown.set(i + 1, "<" + shown.get(i + 1).split(File.pathSeparator).length + " entries>");
            }
        }
        return String.join(" ", shown);
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ")";
    }
}
