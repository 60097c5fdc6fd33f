package dev.baton.writer;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import java.time.Instant;
import java.util.List;

/** Lifecycle events as the claim engine writes them, with the details the tests do not care about filled in. */
public final class Events {

    public static final ItemSummary PARSER = new ItemSummary("build", "Write the parser", 5, List.of("core"));

    private Events() {}

    public static ItemEvent.ItemClaimed claimed(String id, String at, String agent, long epoch) {
        return new ItemEvent.ItemClaimed(
                id,
                Instant.parse(at),
                ItemState.CLAIMED,
                agent,
                epoch,
                Instant.parse(at).plusSeconds(30),
                1,
                PARSER);
    }

    public static ItemEvent.ItemCompleted completed(String id, String at, String agent, long epoch, String summary) {
        return new ItemEvent.ItemCompleted(
                id,
                Instant.parse(at),
                ItemState.DONE,
                agent,
                epoch,
                new Result(summary, "claims are leases now", List.of("locking"), List.of("tests: 12 passed")),
                PARSER);
    }

    public static ItemEvent.ItemFailed failed(String id, String at, String agent, long epoch, String error) {
        return new ItemEvent.ItemFailed(
                id,
                Instant.parse(at),
                ItemState.WAITING,
                agent,
                epoch,
                error,
                true,
                1,
                Instant.parse(at).plusSeconds(2),
                PARSER);
    }

    public static ItemEvent.LeaseExpired expired(String id, String at, String agent, long epoch) {
        return new ItemEvent.LeaseExpired(id, Instant.parse(at), ItemState.READY, agent, epoch, 2, PARSER);
    }

    public static ItemEvent.ItemDeadLettered dead(String id, String at, String reason) {
        return new ItemEvent.ItemDeadLettered(id, Instant.parse(at), ItemState.DEAD, reason, 3, PARSER);
    }

    public static ItemEvent.LeaseRenewed renewed(String id, String at, String agent, long epoch) {
        return new ItemEvent.LeaseRenewed(
                id,
                Instant.parse(at),
                ItemState.CLAIMED,
                agent,
                epoch,
                Instant.parse(at).plusSeconds(30),
                "halfway");
    }
}
