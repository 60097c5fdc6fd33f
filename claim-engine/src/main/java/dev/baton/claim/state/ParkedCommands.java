package dev.baton.claim.state;

import dev.baton.claim.engine.Times;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.json.FamilyMember;
import dev.baton.contracts.limits.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Commands that overtook their item's submission. {@code backlog-items} and {@code claim-requests}
 * are not ordered against each other, so a command may arrive first: it waits here for the grace
 * period and is decided the moment the submission arrives; after the grace it is answered
 * {@code UNKNOWN_ITEM} by the caller of {@link #expire}.
 *
 * <p>Two tables: {@code parked-commands-store} ({@code itemId NUL requestId} to {@link Parked}),
 * read by the item's prefix, and {@code parked-deadlines-store} ({@code millis NUL itemId NUL
 * requestId}), read up to now.
 */
public final class ParkedCommands {

    /** A parked command and the end of its grace. */
    public record Parked(Instant deadline, @FamilyMember Command command) {}

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    private static final Codec<Parked> PARKED = Codec.of(Parked.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, byte[]> commands;
    private final KeyValueStore<String, String> deadlines;
    private final Duration grace;
    /** When the next parked command's grace is over, as far as the last read saw. */
    private final NextDue next = new NextDue();

    public ParkedCommands(
            KeyValueStore<String, byte[]> commands, KeyValueStore<String, String> deadlines, Duration grace) {
        this.commands = commands;
        this.deadlines = deadlines;
        this.grace = grace;
    }

    /** Parks a command until {@code now} plus the grace; {@code false} when the same request is parked already. */
    public boolean park(Command command, Instant now) {
        final String key = IndexKeys.prefix(command.itemId()) + command.requestId();
        if (commands.get(key) != null) {
            return false;
        }
        final Instant deadline = Times.plus(now, grace);
        commands.put(key, PARKED.encode(new Parked(deadline, command)));
        final String deadlineKey = IndexKeys.timed(Times.millis(deadline), command.itemId(), command.requestId());
        deadlines.put(deadlineKey, "");
        next.filed(deadlineKey);
        return true;
    }

    /**
     * Takes out every command parked for the item, in the order they arrived. One that cannot be
     * read comes back as {@link Decoded.Failed}, with its bytes, for the dead letters.
     */
    public List<Decoded<Command>> unpark(String itemId) {
        final List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = commands.prefixScan(IndexKeys.prefix(itemId), KEYS)) {
            it.forEachRemaining(entries::add);
        }
        final List<Decoded<Parked>> parked = new ArrayList<>();
        for (KeyValue<String, byte[]> entry : entries) {
            commands.delete(entry.key);
            final Decoded<Parked> read = PARKED.decode(entry.value);
            if (read instanceof Decoded.Ok<Parked> ok) {
                deadlines.delete(
                        IndexKeys.timed(Times.millis(ok.value().deadline()), itemId, IndexKeys.lastPart(entry.key)));
            }
            parked.add(read);
        }
        // The same grace for every command: the earliest deadline arrived first.
        parked.sort(Comparator.comparing(
                p -> p instanceof Decoded.Ok<Parked> ok ? ok.value().deadline() : Instant.MIN));
        return parked.stream().map(ParkedCommands::command).toList();
    }

    /**
     * Takes out up to {@code budget} commands whose grace is over by {@code nowMillis}. One that
     * cannot be read is dropped and logged: nobody can be told about it.
     */
    public List<Command> expire(long nowMillis, int budget) {
        final String upTo = IndexKeys.after(nowMillis);
        if (next.nothingBefore(upTo)) {
            return List.of();
        }
        final List<String> due;
        try (KeyValueIterator<String, String> it = deadlines.all()) {
            due = next.due(it, upTo, budget);
        }
        final List<Command> expired = new ArrayList<>();
        for (String deadlineKey : due) {
            final String[] parts = IndexKeys.parts(deadlineKey);
            final String key = IndexKeys.prefix(parts[1]) + parts[2];
            final byte[] raw = commands.get(key);
            deadlines.delete(deadlineKey);
            if (raw == null) {
                continue;
            }
            commands.delete(key);
            if (PARKED.decode(raw) instanceof Decoded.Ok<Parked> ok) {
                expired.add(ok.value().command());
            } else {
                LOG.errorf(
                        "backlog.claim id=%s status=parked-unreadable request=%s",
                        Text.inert(parts[1]), Text.inert(parts[2]));
            }
        }
        return expired;
    }

    private static Decoded<Command> command(Decoded<Parked> parked) {
        if (parked instanceof Decoded.Ok<Parked> ok) {
            return new Decoded.Ok<>(ok.value().command());
        }
        final Decoded.Failed<Parked> failed = (Decoded.Failed<Parked>) parked;
        return new Decoded.Failed<>(failed.reason(), failed.raw());
    }
}
