package dev.baton.contracts.item;

import java.util.List;

/** What an agent reports when it completes an item; the writer turns these into the devlog. */
public record Result(String summary, String notes, List<String> tags, List<String> logs) {

    public Result {
        tags = tags == null ? List.of() : List.copyOf(tags);
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    public static Result of(String summary) {
        return new Result(summary, null, List.of(), List.of());
    }
}
