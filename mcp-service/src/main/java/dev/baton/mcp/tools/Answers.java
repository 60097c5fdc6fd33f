package dev.baton.mcp.tools;

import dev.baton.client.InvalidRequestException;
import dev.baton.client.ItemState;
import dev.baton.client.RejectedException;
import dev.baton.client.UnavailableException;
import dev.baton.contracts.limits.Text;
import io.quarkiverse.mcp.server.ToolCallException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What a tool answers when the work did not go as asked: a sentence the model can act on, as a
 * tool error ({@code isError: true}), never a server error. Every refusal of the API has its own
 * sentence ("held by agent-7 until 12:05:31Z", "waiting on build-42").
 */
final class Answers {

    private static final Logger LOG = Logger.getLogger("baton.mcp");
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Answers() {}

    /** Runs a tool's work; whatever goes wrong becomes a readable tool error. */
    static String run(String tool, Supplier<String> work) {
        try {
            return work.get();
        } catch (ToolCallException e) {
            throw e;
        } catch (RejectedException e) {
            throw new ToolCallException(refusal(e));
        } catch (InvalidRequestException e) {
            throw new ToolCallException(invalid(e));
        } catch (UnavailableException e) {
            throw new ToolCallException("Baton's API did not answer in time; try again in a moment");
        } catch (IllegalArgumentException e) {
            throw new ToolCallException(Text.inert(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "baton.mcp.tool name=%s status=failed", tool);
            throw new ToolCallException(
                    "Baton could not do that (" + e.getClass().getSimpleName() + "); the server's log has the details");
        }
    }

    /** The refusal as a sentence; for an item that waits, the engine's own words for why. */
    static String refusal(RejectedException e) {
        final String id = e.itemId() != null ? Text.inert(e.itemId()) : "the item";
        return switch (e.reason()) {
            case ALREADY_CLAIMED ->
                id + " is held by " + Text.inert(String.valueOf(e.owner()))
                        + (e.leaseUntil() == null ? "" : " until " + clock(e.leaseUntil()));
            case NOT_READY -> id + " is not ready: " + whyNotReady(e);
            case TERMINAL ->
                id + " is " + (e.state() == null ? "finished" : e.state().name())
                        + ": nothing more can be done with it";
            case STALE_EPOCH, NOT_OWNER ->
                "you no longer hold " + id + ": its lease ran out or it went to another agent; take new work with next";
            case UNKNOWN_ITEM -> "there is no item " + id;
            case NOT_DEAD -> id + " is not dead";
            default -> Text.inert(e.getMessage());
        };
    }

    private static String whyNotReady(RejectedException e) {
        if (e.detail() != null) {
            return Text.inert(e.detail());
        }
        return e.state() == ItemState.WAITING ? "it is waiting" : "its state is " + e.state();
    }

    static String invalid(InvalidRequestException e) {
        final StringBuilder text = new StringBuilder("invalid arguments:");
        for (InvalidRequestException.Violation violation : e.violations()) {
            text.append(' ')
                    .append(Text.inert(String.valueOf(violation.field())))
                    .append(' ')
                    .append(Text.inert(violation.message()))
                    .append(';');
        }
        if (e.violations().isEmpty()) {
            text.append(' ').append(Text.inert(e.getMessage()));
        }
        return text.toString();
    }

    /** {@code 12:05:31Z} within a day from now, the whole instant otherwise. */
    static String clock(Instant at) {
        final Duration away = Duration.between(Instant.now(), at).abs();
        return away.compareTo(Duration.ofHours(20)) < 0
                ? CLOCK.format(at)
                : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
