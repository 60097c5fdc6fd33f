package dev.baton.client;

import java.util.List;

/**
 * What an agent reports when it completes an item: a one-line summary, free-form notes, tags,
 * and log lines. The writer service turns these into the day's devlog.
 */
public record Result(String summary, String notes, List<String> tags, List<String> logs) {

    public Result {
        tags = tags == null ? List.of() : List.copyOf(tags);
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    public static Result of(String summary) {
        return new Result(summary, null, List.of(), List.of());
    }

    public Result withNotes(String value) {
        return new Result(summary, value, tags, logs);
    }

    public Result withTags(List<String> value) {
        return new Result(summary, notes, value, logs);
    }

    public Result withLogs(List<String> value) {
        return new Result(summary, notes, tags, value);
    }
}
