package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.Call;
import dev.baton.http.body.JsonBody;
import dev.baton.http.body.Verdict;
import java.util.List;

/**
 * The body of a call on one item (a claim by id, and every call of its holder): it becomes one
 * command, judged with the item of the path, the call's request id and its caller (the agent) by
 * the command's rules.
 */
interface ItemCallBody extends JsonBody {

    /** What the reader found in the body. */
    JsonFields received();

    /** The body's {@code requestId}, when it has one. */
    String requestId();

    /** The body's {@code agent}, when it names one: the caller must be that agent. */
    String agent();

    /** The command this body asks for, on {@code itemId} under {@code requestId}, by {@code agent} (the caller). */
    Command command(String itemId, String requestId, String agent);

    @Override
    default List<Violation> violations(Call call) {
        final Verdict verdict = Verdict.of(received()).first(out -> Rules.itemId(out, "itemId", call.itemId()));
        final String requestId = RequestIds.judged(verdict, requestId(), call.idempotencyKey());
        return verdict.rule(Rules.command(command(call.itemId(), requestId, judgedAgent(agent(), call))))
                .violations();
    }

    /**
     * The agent a body is judged with: its own {@code agent} when it names one (so a name that
     * breaks the rules is a 400 naming the field, before the caller is compared with it), else the
     * caller's. Either way the command sent is the caller's ({@code Caller.agent}).
     */
    static String judgedAgent(String bodyAgent, Call call) {
        return bodyAgent != null ? bodyAgent : call.agent();
    }

    /** The epoch a holder presents; 0 stands in for a missing one, which the reader has refused anyway. */
    static long epoch(Long presented) {
        return presented == null ? 0 : presented;
    }
}
