package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.Call;
import dev.baton.http.body.JsonBody;
import dev.baton.http.body.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a holder's batch call: the items the caller holds (the agent is the token's subject;
 * a body's {@code agent}, when given, must be it), each with its epoch and
 * the fields of the single call. Judged whole before anything is sent, so a malformed item is the
 * call's 400 naming it ({@code items[3].epoch}); what the engine decides is each item's own.
 */
interface HolderBatchBody extends JsonBody {

    String agent();

    String requestId();

    List<? extends Part> items();

    JsonFields received();

    /** One item of the call, as the single call on it would carry it. */
    interface Part {
        String itemId();

        Long epoch();

        /** The item's own request id, when the caller gave one. */
        String requestId();

        Command.HolderCommand command(String requestId, String agent, long epoch);
    }

    /**
     * The call's commands, in its order, each under its own request id: the item's, else the
     * call's with the item's id ({@code callId#itemId}), so a repeat of the call repeats every part.
     */
    default List<Command.HolderCommand> commands(String callId, String agent) {
        final List<Command.HolderCommand> out = new ArrayList<>(items().size());
        for (Part part : items()) {
            out.add(part.command(partId(callId, part), agent, ItemCallBody.epoch(part.epoch())));
        }
        return out;
    }

    private static String partId(String callId, Part part) {
        return part.requestId() != null ? part.requestId() : callId + "#" + part.itemId();
    }

    @Override
    default List<Violation> violations(Call call) {
        final Verdict verdict = Verdict.of(received());
        final String callId = RequestIds.judged(verdict, requestId(), call.idempotencyKey());
        final List<Violation> out = new ArrayList<>();
        // A body's agent, when it names one, is judged here (a bad name is a 400 naming the field);
        // the commands are the caller's whatever it says (Caller.agent).
        final String agent = ItemCallBody.judgedAgent(agent(), call);
        if (agent() != null) {
            Rules.agent(out, agent());
        }
        Rules.holderBatch(out, "items", items().size());
        final Map<String, Integer> itemAt = new HashMap<>();
        final Map<String, Integer> idAt = new HashMap<>();
        for (int i = 0; i < items().size(); i++) {
            final Part part = items().get(i);
            if (part == null) {
                continue;
            }
            final String at = "items[" + i + "].";
            if (part.requestId() != null) {
                Rules.requestId(out, at + "requestId", part.requestId());
            }
            for (Violation found : Rules.part(part.command(null, agent, ItemCallBody.epoch(part.epoch())))) {
                out.add(new Violation(at + found.field(), found.message()));
            }
            if (part.itemId() == null) {
                continue;
            }
            // Two parts on one item or under one id would be decided against each other, or one answered for both.
            final Integer sameItem = itemAt.putIfAbsent(part.itemId(), i);
            if (sameItem != null) {
                out.add(new Violation(at + "itemId", "is named by items[" + sameItem + "] already"));
            }
            final Integer sameId = idAt.putIfAbsent(partId(callId, part), i);
            if (sameId != null && sameItem == null) {
                out.add(new Violation(at + "requestId", "is the request id of items[" + sameId + "] already"));
            }
        }
        return verdict.rule(out).violations();
    }
}
