package dev.baton.claim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import java.time.Instant;
import java.util.List;

/**
 * One scenario of the rule: given these events, when this command at this time, then these
 * events or this rejection. The past is events folded by the rule itself; the present is one
 * decision; nothing else (no Kafka, no clock).
 */
final class RuleScenario {

    static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    static final String ID = "42";

    private final ClaimRule rule;
    private Item item;
    private Decision decision;

    private RuleScenario(Settings settings) {
        this.rule = new ClaimRule(settings);
    }

    static RuleScenario scenario() {
        return new RuleScenario(Settings.defaults());
    }

    ClaimRule rule() {
        return rule;
    }

    /** The item as the given events left it ({@code null} before any). */
    Item item() {
        return item;
    }

    // ---------------------------------------------------------------- given

    RuleScenario given(ItemEvent... events) {
        item = ClaimRule.fold(item, List.of(events));
        return this;
    }

    /** The item as submitted at {@code at}, in the state the rule chose. */
    RuleScenario givenSubmitted(ItemSpec spec, Instant at) {
        return given(rule.submit(null, new ItemEvent.ItemSubmitted(ID, at, null, spec, null), at)
                .toArray(ItemEvent[]::new));
    }

    RuleScenario givenSubmitted(ItemSpec spec) {
        return givenSubmitted(spec, T0);
    }

    RuleScenario givenReady() {
        return givenSubmitted(ItemSpec.of("build", "Write the parser"));
    }

    /** Ready, then granted to {@code agent} at {@code T0} for 30 seconds (epoch 1). */
    RuleScenario givenClaimedBy(String agent) {
        return givenReady().givenDecided(new Command.ClaimItem("r0", ID, agent, 30), T0);
    }

    /** What the rule decided earlier, accepted and applied. */
    RuleScenario givenDecided(Command command, Instant at) {
        final Decision earlier = rule.decide(item, command, at);
        assertThat(earlier.rejected()).as("given %s", command).isFalse();
        return given(earlier.events().toArray(ItemEvent[]::new));
    }

    /** What time alone had done by {@code at}, applied. */
    RuleScenario givenTimeReached(Instant at) {
        return given(rule.due(item, at).toArray(ItemEvent[]::new));
    }

    // ---------------------------------------------------------------- when

    RuleScenario when(Command command) {
        return when(command, T0);
    }

    RuleScenario when(Command command, Instant at) {
        decision = rule.decide(item, command, at);
        return this;
    }

    RuleScenario whenSubmitted(ItemSpec spec) {
        decision = Decision.accept(rule.submit(item, new ItemEvent.ItemSubmitted(ID, T0, null, spec, null), T0));
        return this;
    }

    /** Time alone: what the rule says is due by {@code at}. */
    RuleScenario whenTimeReaches(Instant at) {
        decision = Decision.accept(rule.due(item, at));
        return this;
    }

    // ---------------------------------------------------------------- then

    /** The events decided; fails when the command was refused. */
    List<ItemEvent> thenEvents() {
        assertThat(decision.rejection()).as("rejection").isNull();
        return decision.events();
    }

    RuleScenario thenNothingHappens() {
        assertThat(thenEvents()).isEmpty();
        return this;
    }

    /** The refusal; fails when the command was accepted. A refusal never comes with events. */
    Rejection thenRejected() {
        assertThat(decision.rejected()).as("rejected").isTrue();
        assertThat(decision.events()).isEmpty();
        return decision.rejection();
    }

    RuleScenario thenRejected(Reason reason) {
        assertThat(thenRejected().reason()).isEqualTo(reason);
        return this;
    }

    /** The item as the decision leaves it. */
    Item thenItem() {
        return ClaimRule.fold(item, thenEvents());
    }

    Decision decision() {
        return decision;
    }
}
