package dev.baton.claim.engine;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.reply.Rejection;
import java.util.List;

/** What a command decided: the events to apply (none when rejected) or the rejection. */
public record Decision(List<ItemEvent> events, Rejection rejection) {

    public Decision {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static Decision accept(ItemEvent... events) {
        return new Decision(List.of(events), null);
    }

    public static Decision accept(List<ItemEvent> events) {
        return new Decision(events, null);
    }

    public static Decision reject(Rejection rejection) {
        return new Decision(List.of(), rejection);
    }

    public boolean rejected() {
        return rejection != null;
    }
}
