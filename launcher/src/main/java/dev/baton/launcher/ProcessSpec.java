package dev.baton.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one process of a stack, and nothing that happens once it runs: its
 * name (in the log view, the log file, messages), command line, the environment variables it gets
 * beyond those it inherits, its working folder, its log file and how it shows it is ready.
 */
public record ProcessSpec(
        String name,
        List<String> command,
        Map<String, String> environment,
        Path workingDir,
        Path log,
        Readiness readiness) {

    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(readiness, "readiness");
    }

    /** This process with more environment variables (which win). */
    public ProcessSpec with(Map<String, String> variables) {
        final Map<String, String> more = new java.util.LinkedHashMap<>(environment);
        more.putAll(variables);
        return new ProcessSpec(name, command, more, workingDir, log, readiness);
    }

    /** This process with one more environment variable. */
    public ProcessSpec with(String variable, String value) {
        final Map<String, String> more = new java.util.LinkedHashMap<>(environment);
        more.put(variable, value);
        return new ProcessSpec(name, command, more, workingDir, log, readiness);
    }
}
