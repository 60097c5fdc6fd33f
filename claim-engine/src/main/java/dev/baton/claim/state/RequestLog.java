package dev.baton.claim.state;

import dev.baton.claim.engine.Times;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.json.FamilyMember;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The engine's memory of requests: each request id with the answer it got, for the request
 * memory, so a retry is answered as the first try was and changes nothing. A request id comes
 * with the fingerprint of its command (SHA-256 of its encoding): the same id with another command
 * is refused, not answered with someone else's answer.
 *
 * <p>Two tables: {@code request-answers-store} (request id to {@link Remembered}) and
 * {@code request-expiries-store} ({@code millis NUL requestId}, read up to the oldest time still
 * remembered), so forgetting is a range read, never a scan.
 */
public final class RequestLog {

    /** What is kept of a request: its command's fingerprint and the answer it got. */
    public record Remembered(
            String fingerprint, @FamilyMember Reply reply) {}

    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    private static final Codec<Remembered> REMEMBERED = Codec.of(Remembered.class);

    private final KeyValueStore<String, byte[]> answers;
    private final KeyValueStore<String, String> expiries;
    /** When the oldest request id is due to be forgotten, as far as the last read saw. */
    private final NextDue next = new NextDue();

    public RequestLog(KeyValueStore<String, byte[]> answers, KeyValueStore<String, String> expiries) {
        this.answers = answers;
        this.expiries = expiries;
    }

    /**
     * The answer for a request id seen before: the one it got when the command is the same, a
     * refusal when the id was used for another command. Empty when the id is new.
     *
     * @throws IllegalStateException when what was remembered cannot be read
     */
    public Optional<Reply> recall(Command command) {
        final byte[] raw = answers.get(command.requestId());
        if (raw == null) {
            return Optional.empty();
        }
        if (!(REMEMBERED.decode(raw) instanceof Decoded.Ok<Remembered> ok)) {
            throw new IllegalStateException(
                    "the answer remembered for request " + command.requestId() + " cannot be read");
        }
        if (ok.value().fingerprint().equals(fingerprint(command))) {
            return Optional.of(ok.value().reply());
        }
        return Optional.of(new Reply.Rejected(
                command.requestId(),
                Rejection.invalid(
                        command.itemId(),
                        "request id " + command.requestId() + " was already used for a different command")));
    }

    /** Remembers the answer to a command's request id, from {@code now} for the request memory. */
    public void remember(Command command, Reply reply, Instant now) {
        answers.put(reply.requestId(), REMEMBERED.encode(new Remembered(fingerprint(command), reply)));
        final String expiry = IndexKeys.timed(Times.millis(now), reply.requestId());
        expiries.put(expiry, "");
        next.filed(expiry);
    }

    /** Forgets up to {@code budget} request ids remembered at or before {@code olderThanMillis}; returns how many. */
    public int forget(long olderThanMillis, int budget) {
        final String upTo = IndexKeys.after(olderThanMillis);
        if (next.nothingBefore(upTo)) {
            return 0;
        }
        final List<String> old;
        try (KeyValueIterator<String, String> it = expiries.all()) {
            old = next.due(it, upTo, budget);
        }
        for (String key : old) {
            expiries.delete(key);
            answers.delete(IndexKeys.lastPart(key));
        }
        return old.size();
    }

    /** The command's identity for "the same request again": SHA-256 of its encoding, in hex. */
    static String fingerprint(Command command) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(COMMANDS.encode(command)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
