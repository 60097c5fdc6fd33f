package dev.baton.claim.topology;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Text;
import java.io.PrintWriter;
import java.io.StringWriter;

/** What the engine needs to know of a record it read before it can answer it or dead-letter it. */
final class Inputs {

    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private Inputs() {}

    /**
     * Someone waits for an answer to this command: it is not a notice between partitions, and it
     * carries a request id an answer can be keyed by.
     */
    static boolean awaited(Command command) {
        return !(command instanceof Command.WatchDependency || command instanceof Command.SettleDependency)
                && answerable(command.requestId());
    }

    /**
     * A request id the rules accept. Only those are answered: a caller that sent another (a lone
     * surrogate, a kilobyte of text) could not be matched with its answer anyway, and the answer
     * might not even encode; such records go to the DLQ instead.
     */
    static boolean answerable(String requestId) {
        return requestId != null
                && Limits.REQUEST_ID_PATTERN_FOR_COMMANDS.matcher(requestId).matches();
    }

    /** The item a record is about, when its id is one the rules accept; else {@code null}. */
    static String itemIdOf(Object decoded) {
        final String id =
                decoded instanceof Command c ? c.itemId() : decoded instanceof ItemEvent e ? e.itemId() : null;
        return id != null && Limits.ITEM_ID.matcher(id).matches() ? id : null;
    }

    /** The record as it was read, for a dead letter; {@code null} when even that fails. */
    static byte[] reencode(Object decoded) {
        try {
            if (decoded instanceof Command command) {
                return COMMANDS.encode(command);
            }
            return decoded instanceof ItemEvent event ? EVENTS.encode(event) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A stack trace as one inert line: an exception's message may quote what a client sent. */
    static String trace(Throwable e) {
        final StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return Text.inert(out.toString());
    }
}
