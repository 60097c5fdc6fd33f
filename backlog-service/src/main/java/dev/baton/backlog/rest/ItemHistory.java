package dev.baton.backlog.rest;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.backlog.readmodel.ReadModel;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.json.Json;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An item's whole history, oldest first. */
@Schema(name = "ItemHistory", description = "An item's whole history, oldest first")
public record ItemHistory(String id, List<Entry> events) {

    static ItemHistory of(String id, List<ReadModel.Recorded> history) {
        return new ItemHistory(id, history.stream().map(Entry::of).toList());
    }

    /** One event: its name, its lifecycle line, and its own fields beside them. */
    @Schema(
            name = "ItemHistoryEntry",
            description = "One event: its name and lifecycle line, and its own fields "
                    + "(itemId, at, state, and those of its kind) beside them")
    public record Entry(
            @Schema(description = "The event's kind, such as ItemSubmitted or ItemClaimed")
            String event,

            @Schema(description = "The event as the lifecycle log line shows it")
            String line,

            @Schema(description = "The trace of the call that caused it (W3C trace id), when it was traced")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            String traceId,

            @JsonIgnore @Schema(hidden = true) Map<String, Object> fields) {

        @SuppressWarnings("unchecked")
        static Entry of(ReadModel.Recorded recorded) {
            final ItemEvent event = recorded.event();
            return new Entry(
                    event.getClass().getSimpleName(),
                    LifecycleLine.of(event),
                    recorded.traceId(),
                    Json.mapper().convertValue(event, Map.class));
        }

        @JsonAnyGetter
        public Map<String, Object> details() {
            return fields;
        }
    }
}
