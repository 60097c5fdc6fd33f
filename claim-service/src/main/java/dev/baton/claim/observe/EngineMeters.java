package dev.baton.claim.observe;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.reply.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine decides, as Prometheus sees it. Tags are bounded sets (command, outcome, reason,
 * event, state, an item's type); never an item id. Counted as the engine forwards, so a
 * transaction the engine aborts and processes again is counted again: the counters are rates to
 * watch, the event log is the record (docs/operations.md).
 */
@ApplicationScoped
public class EngineMeters {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public EngineMeters(MeterRegistry registry) {
        this.registry = registry;
        // Exported at zero from the start: an alert on "any dead letter" needs the series to exist.
        deadLetters();
    }

    /** One command decided: accepted, granted, or rejected with the rejection's reason; answered from memory when a repeat. */
    void decided(String command, Reply reply) {
        if (reply instanceof Reply.Batched batched) {
            // Each part of a holder's batch is a decision of its own, counted as its own command.
            batched.answers().forEach(part -> decided(command, part));
            return;
        }
        final String outcome;
        final String reason;
        if (reply instanceof Reply.Rejected rejected) {
            outcome = "rejected";
            reason = rejected.rejection().reason().name();
        } else if (reply instanceof Reply.Granted granted) {
            outcome = granted.grants().isEmpty() ? "none-ready" : "granted";
            reason = "";
        } else {
            outcome = "accepted";
            reason = "";
        }
        counter(
                        "baton.engine.decisions",
                        "Commands the engine decided, by command and outcome (rejected by reason; STALE_EPOCH is a fenced stale write)",
                        "command",
                        command,
                        "outcome",
                        outcome,
                        "reason",
                        reason)
                .increment();
    }

    /** One transition written to item-events, by event and the state it left the item in. */
    void transition(ItemEvent event) {
        counter(
                        "baton.engine.transitions",
                        "Transitions the engine wrote to item-events, by event and the state after it",
                        "event",
                        eventName(event),
                        "state",
                        event.state() == null ? "" : event.state().name())
                .increment();
    }

    /** A record the engine would not apply, written to claim-engine-dlq. */
    void deadLettered() {
        deadLetters().increment();
    }

    private Counter deadLetters() {
        return counter("baton.engine.dead.letters", "Records the engine wrote to claim-engine-dlq");
    }

    /** From the moment a command was written (its record time) to the engine's decision. */
    void requestToDecision(String command, Duration elapsed) {
        timer(
                        "baton.engine.request.to.decision",
                        "Time from a command's record to the engine's decision",
                        "command",
                        command)
                .record(elapsed);
    }

    /** From an item's submission to its first grant, by the item's type. */
    void firstGrant(String type, Duration waited) {
        timer("baton.item.submission.to.first.grant", "Time from an item's submission to its first grant", "type", type)
                .record(waited);
    }

    static String eventName(ItemEvent event) {
        final String simple = event.getClass().getSimpleName();
        // ItemClaimed -> claimed, LeaseExpired -> lease-expired: the words of docs/operations.md.
        final String bare = simple.startsWith("Item") ? simple.substring(4) : simple;
        return bare.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static boolean isFirstGrant(ItemState state, long epoch) {
        return state == ItemState.CLAIMED && epoch == 1;
    }

    private Counter counter(String name, String help, String... tags) {
        final String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(
                key, k -> Counter.builder(name).description(help).tags(tags).register(registry));
    }

    private Timer timer(String name, String help, String... tags) {
        final String key = name + String.join("\u0000", tags);
        return timers.computeIfAbsent(
                key,
                k -> Timer.builder(name)
                        .description(help)
                        .tags(tags)
                        .publishPercentileHistogram()
                        .register(registry));
    }
}
