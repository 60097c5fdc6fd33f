package dev.baton.claim.engine;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.contracts.reply.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the engine lets in. Every record it reads is checked against the same {@link Rules} the
 * HTTP door and the Kafka ingest apply, before it can change anything: the door is not the only
 * writer a topic has ever had (an older build, a hand-made record, a bug elsewhere), and what the
 * engine stores must load again at its next start. Nothing here touches state; the caller
 * answers or dead-letters what is refused.
 */
public final class Admission {

    private Admission() {}

    /** What is wrong with a command's own fields; empty when it may be decided. */
    public static List<Violation> command(Command command) {
        return Rules.command(command);
    }

    /**
     * What is wrong with a submission read from {@code backlog-items} under {@code key}: its ids,
     * and its spec as of {@code now}. The key must be the item id, or the item would live on a
     * partition its commands never reach.
     */
    public static List<Violation> submission(ItemEvent.ItemSubmitted submitted, String key, Instant now) {
        final List<Violation> out = new ArrayList<>();
        if (submitted.requestId() != null) {
            Rules.pattern(
                    out,
                    "requestId",
                    submitted.requestId(),
                    Limits.REQUEST_ID_PATTERN_FOR_COMMANDS,
                    "must be 1 to " + Limits.MAX_COMMAND_REQUEST_ID + " printable ASCII characters without spaces",
                    true);
        }
        Rules.pattern(out, "itemId", submitted.itemId(), Limits.ITEM_ID, Limits.ITEM_ID_RULE, true);
        if (submitted.itemId() != null && !submitted.itemId().equals(key)) {
            out.add(new Violation("itemId", "must be the record's key"));
        }
        if (submitted.spec() == null) {
            out.add(new Violation("spec", "is required"));
        } else {
            out.addAll(Rules.spec(submitted.spec(), submitted.itemId(), now));
        }
        return out;
    }

    /** The refusal of a command or submission: each offending field with its rule, the first first. */
    public static Rejection refusal(String itemId, List<Violation> violations) {
        final boolean idIsWrong = violations.stream().anyMatch(v -> v.field().equals("itemId"));
        return Rejection.invalid(idIsWrong ? null : itemId, describe(violations));
    }

    /** {@code field rule; field rule}, as the HTTP API words a violation. */
    public static String describe(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
    }
}
