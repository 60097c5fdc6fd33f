package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.Call;
import dev.baton.http.body.JsonBody;
import dev.baton.http.body.Verdict;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A claim of the most urgent ready items, with a long poll when none is ready. */
@Schema(name = "ClaimNextRequest", description = "A claim of the most urgent ready items of some types")
public record ClaimNextRequest(
        @Schema(description = "The agent: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(description = "The item types the agent takes; none for any")
        List<String> types,

        @Schema(description = "How many items to claim at most; 1 when absent")
        Integer max,

        @Schema(description = "The lease asked for, in seconds; each item's own lease when absent")
        Integer leaseSeconds,

        @Schema(
                description =
                        "How long to wait for an item to become ready, in seconds; 0 (answer at once) " + "when absent")
        Integer waitSeconds,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answer")
        String requestId,

        @Schema(hidden = true) JsonFields received)
        implements JsonBody {

    @Override
    public List<Violation> violations(Call call) {
        final Verdict verdict = Verdict.of(received);
        final String id = RequestIds.judged(verdict, requestId, call.idempotencyKey());
        return verdict.check(out -> Rules.between(out, "waitSeconds", waitSeconds, 0, Limits.MAX_WAIT_SECONDS))
                .rule(Rules.command(command(id, ItemCallBody.judgedAgent(agent, call))))
                .violations();
    }

    /** The claim-next asked for, by {@code agent} (the caller, whatever the body says). */
    public Command.ClaimNext command(String requestId, String agent) {
        return new Command.ClaimNext(requestId, agent, types, max == null ? 1 : max, leaseSeconds);
    }

    public Duration waiting() {
        return Duration.ofSeconds(waitSeconds == null ? 0 : waitSeconds);
    }
}
