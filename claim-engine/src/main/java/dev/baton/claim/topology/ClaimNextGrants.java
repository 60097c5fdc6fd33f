package dev.baton.claim.topology;

import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Decision;
import dev.baton.claim.state.ReadyIndex;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Claim-next within one partition: the most urgent ready items of the wanted types, each granted
 * by the rule as a claim of that item. The answer is one record (and is remembered for a retry),
 * so grants stop once their payloads fill {@link Limits#MAX_ITEM_STATE_BYTES}; the rest stay
 * ready for the next call. An item whose grant cannot be stored is passed over, so it cannot hold
 * up the items behind it.
 */
final class ClaimNextGrants {

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    /** The most grants one claim-next answer carries. */
    private static final int MAX_BATCH = 100;
    /** Candidates a claim-next may pass over (items whose grant cannot be stored) before it gives up. */
    private static final int MAX_PASSED_OVER = 16;

    private final ClaimRule rule;
    private final KeyValueStore<String, Item> items;
    private final ReadyIndex ready;
    private final Transitions transitions;

    ClaimNextGrants(ClaimRule rule, KeyValueStore<String, Item> items, ReadyIndex ready, Transitions transitions) {
        this.rule = rule;
        this.items = items;
        this.ready = ready;
        this.transitions = transitions;
    }

    Reply answer(Command.ClaimNext next, Instant now) {
        final Optional<Rejection> badRequest = rule.claimRequestProblem(null, next.agent(), next.leaseSeconds());
        if (badRequest.isPresent()) {
            return new Reply.Rejected(next.requestId(), badRequest.get());
        }
        final int max = Math.max(1, Math.min(MAX_BATCH, next.max()));
        final List<Grant> grants = new ArrayList<>();
        int bytes = 0;
        for (String id : ready.candidates(next.types(), max + MAX_PASSED_OVER)) {
            if (grants.size() >= max) {
                break;
            }
            try {
                final Item item = items.get(id);
                if (item == null || item.state() != ItemState.READY) {
                    continue;
                }
                final Decision decision = rule.decide(item, next, now);
                if (decision.rejected()) {
                    LOG.warnf(
                            "backlog.claim id=%s status=passed-over reason=\"%s\"",
                            Text.inert(id), Text.inert(decision.rejection().detail()));
                    continue;
                }
                final int size = Rules.encodedSize(grant(ClaimRule.fold(item, decision.events())));
                if (!grants.isEmpty() && bytes + size > Limits.MAX_ITEM_STATE_BYTES) {
                    break;
                }
                grants.add(grant(transitions.apply(item, decision.events())));
                bytes += size;
            } catch (StreamsException e) {
                throw e;
            } catch (RuntimeException e) {
                // This candidate only (unreadable, or not storable): the others are still granted.
                LOG.errorf(
                        "backlog.claim id=%s status=passed-over reason=\"%s\"",
                        Text.inert(id), Text.inert(e.toString()));
            }
        }
        return new Reply.Granted(next.requestId(), grants);
    }

    /** What the holder of a granted item needs: the item, and the epoch that fences its calls. */
    static Grant grant(Item item) {
        return new Grant(
                item.id(),
                item.epoch(),
                item.leaseUntil(),
                new Grant.Work(
                        item.spec().type(),
                        item.spec().title(),
                        item.spec().payload(),
                        item.spec().priority(),
                        item.spec().labels(),
                        item.attempts() + 1));
    }
}
