package dev.baton.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DATA_DIR/baton-up.pid}: the launcher using a data folder (its first line), then each process
 * it started ({@code <pid> <name>}). Two stacks on one data folder would fail in a confusing way, and a
 * launcher killed by SIGKILL cannot stop what it started: the next launcher on the folder reads this
 * file and names what still runs, instead of failing on a port.
 */
final class PidFile {

    static final String NAME = "baton-up.pid";

    private final Path file;
    private final long self = ProcessHandle.current().pid();

    PidFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    /** Takes the folder for this launcher, or says why it cannot. */
    Optional<String> claim() throws IOException {
        final List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        if (!lines.isEmpty()) {
            final long other = pid(lines.get(0));
            if (other > 0 && other != self && javaAlive(other)) {
                return Optional.of("another './baton up' (pid " + other + ") is using " + file.getParent()
                        + "; stop it first or choose another --data-dir");
            }
            final List<String> orphans = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                final String[] parts = line.split(" ", 2);
                final long pid = pid(parts[0]);
                if (pid > 0 && javaAlive(pid)) {
                    orphans.add((parts.length > 1 ? parts[1] : "?") + " (pid " + pid + ")");
                }
            }
            if (!orphans.isEmpty()) {
                return Optional.of("processes of an earlier './baton up' on " + file.getParent()
                        + " still run (it was killed before it could stop them): " + String.join(", ", orphans)
                        + "; stop them with kill, then start again");
            }
        }
        Files.writeString(file, self + System.lineSeparator(), StandardCharsets.UTF_8);
        return Optional.empty();
    }

    /** Notes a process started, so that a later launcher can find it should this one be killed. */
    void started(ChildProcess process) {
        try {
            Files.writeString(
                    file,
                    process.pid() + " " + process.name() + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // Only a later launcher's message depends on it.
        }
    }

    /** Gives the folder back, once everything this launcher started has stopped. */
    void release() {
        try {
            final List<String> lines =
                    Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (!lines.isEmpty() && pid(lines.get(0)) == self) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // A stale file names only ended processes; the next launcher takes it over.
        }
    }

    private static long pid(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Alive and a JVM: a pid reused by something else since is not ours. */
    private static boolean javaAlive(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(handle -> handle.info()
                        .command()
                        .map(command -> command.contains("java"))
                        .orElse(true))
                .orElse(false);
    }
}
