package dev.baton.mcp.tools;

import dev.baton.client.Ack;
import dev.baton.client.Grant;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.Next;
import dev.baton.client.RejectedException;
import dev.baton.client.Result;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Text;
import dev.baton.mcp.session.HeldGrant;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The agent's loop as tools: take work (next, claim), report on it (progress), finish it
 * (complete, fail, release). The model names items only; the session keeps each grant's epoch
 * and renews its lease, so a call can act only on a grant this session took.
 */
public class WorkTools {

    private static final Logger LOG = Logger.getLogger("baton.mcp");

    @Inject
    Caller caller;

    @Tool(
            description = "Take the most urgent ready item (optionally of some types), waiting up to waitSeconds "
                    + "for one. Your session then holds it.",
            annotations =
                    @Tool.Annotations(title = "Take the next item", destructiveHint = false, openWorldHint = false))
    String next(
            @ToolArg(description = "item types to take; empty or absent for any", required = false) List<String> types,
            @ToolArg(description = "seconds to wait for work, 0-60; default 0", required = false) Integer waitSeconds,
            McpConnection connection) {
        return Answers.run("next", () -> {
            final Caller.Acting me = caller.of(connection);
            final int wait = waitSeconds == null ? 0 : waitSeconds;
            if (wait < 0 || wait > Limits.MAX_WAIT_SECONDS) {
                throw new ToolCallException("waitSeconds must be 0 to " + Limits.MAX_WAIT_SECONDS + ", got " + wait);
            }
            final List<Grant> grants = me.api().next(new Next(types == null ? List.of() : types, 1, null, wait));
            if (grants.isEmpty()) {
                return "nothing ready" + (types == null || types.isEmpty() ? "" : " of " + String.join(", ", types))
                        + (wait > 0 ? " within " + wait + "s" : "") + "; try again later or look with ready";
            }
            return held(me, grants.get(0));
        });
    }

    @Tool(
            description = "Take one item by id. Your session then holds it.",
            annotations = @Tool.Annotations(title = "Claim an item", destructiveHint = false, openWorldHint = false))
    String claim(@ToolArg(description = "the item's id") String id, McpConnection connection) {
        return Answers.run("claim", () -> {
            final Caller.Acting me = caller.of(connection);
            final String item = LookTools.itemId(id);
            final HeldGrant already = me.session().grant(item).orElse(null);
            if (already != null
                    && already.leaseUntil() != null
                    && already.leaseUntil().isAfter(Instant.now())) {
                return "you already hold " + item + " (lease renewed for you until "
                        + Answers.clock(already.leaseUntil()) + ")";
            }
            return held(me, me.api().claim(item));
        });
    }

    @Tool(
            description = "Report progress on an item you hold; it also renews the lease.",
            annotations =
                    @Tool.Annotations(
                            title = "Report progress",
                            destructiveHint = false,
                            idempotentHint = true,
                            openWorldHint = false))
    String progress(
            @ToolArg(description = "the item's id") String id,
            @ToolArg(description = "what is done so far, one or two sentences") String note,
            McpConnection connection) {
        return Answers.run(
                "progress",
                () -> holding("progress", id, connection, (me, grant) -> {
                    final Ack ack = me.api().heartbeat(grant.itemId(), grant.epoch(), note, null);
                    me.session().renewed(grant, ack.leaseUntil());
                    return "noted; you hold " + grant.itemId()
                            + (ack.leaseUntil() == null ? "" : " until " + Answers.clock(ack.leaseUntil()));
                }));
    }

    @Tool(
            description = "Finish an item you hold, with a summary of the result.",
            annotations = @Tool.Annotations(title = "Complete an item", openWorldHint = false, destructiveHint = false))
    String complete(
            @ToolArg(description = "the item's id") String id,
            @ToolArg(description = "what was done, in a few sentences") String summary,
            @ToolArg(description = "longer notes, optional", required = false) String notes,
            @ToolArg(description = "tags for the result, optional", required = false) List<String> tags,
            McpConnection connection) {
        return Answers.run(
                "complete",
                () -> holding("complete", id, connection, (me, grant) -> {
                    Result result = Result.of(summary);
                    if (notes != null && !notes.isBlank()) {
                        result = result.withNotes(notes);
                    }
                    if (tags != null && !tags.isEmpty()) {
                        result = result.withTags(tags);
                    }
                    final Ack ack = me.api().complete(grant.itemId(), grant.epoch(), result);
                    me.session().forget(grant);
                    return grant.itemId() + " is " + (ack.state() == null ? "DONE" : ack.state());
                }));
    }

    @Tool(
            description = "Report that an item you hold failed. retryable=true puts it back after a backoff; "
                    + "false makes it dead.",
            annotations = @Tool.Annotations(title = "Fail an item", openWorldHint = false))
    String fail(
            @ToolArg(description = "the item's id") String id,
            @ToolArg(description = "what went wrong") String error,
            @ToolArg(description = "whether another attempt may succeed") boolean retryable,
            McpConnection connection) {
        return Answers.run(
                "fail",
                () -> holding("fail", id, connection, (me, grant) -> {
                    final Ack ack = me.api().fail(grant.itemId(), grant.epoch(), error, retryable);
                    me.session().forget(grant);
                    return grant.itemId() + " failed; it is " + (ack.state() == null ? "no longer yours" : ack.state())
                            + (retryable ? " and will be tried again" : "");
                }));
    }

    @Tool(
            description = "Give an item you hold back at once, without counting an attempt.",
            annotations = @Tool.Annotations(title = "Release an item", destructiveHint = false, openWorldHint = false))
    String release(
            @ToolArg(description = "the item's id") String id,
            @ToolArg(description = "why it is given back, optional", required = false) String reason,
            McpConnection connection) {
        return Answers.run(
                "release",
                () -> holding("release", id, connection, (me, grant) -> {
                    final Ack ack = me.api().release(grant.itemId(), grant.epoch(), reason);
                    me.session().forget(grant);
                    return grant.itemId() + " is given back; it is " + (ack.state() == null ? "READY" : ack.state());
                }));
    }

    // --- plumbing -------------------------------------------------------------------------------

    private String held(Caller.Acting me, Grant grant) {
        me.session().hold(grant.itemId(), grant.epoch(), grant.leaseUntil(), Instant.now());
        LOG.infof(
                "baton.mcp.grant id=%s agent=%s epoch=%d session=%s status=held",
                grant.itemId(), me.agent(), grant.epoch(), me.session().id());
        return Compact.grant(grant);
    }

    /**
     * Runs a holder's verb with the session's grant on the item; without one, says who holds it. A
     * refusal that means the lease is lost forgets the grant.
     */
    private String holding(String verb, String id, McpConnection connection, HolderVerb action) {
        final Caller.Acting me = caller.of(connection);
        final String item = LookTools.itemId(id);
        final HeldGrant grant = me.session().grant(item).orElse(null);
        if (grant == null) {
            return notHeld(me, item);
        }
        try {
            return action.apply(me, grant);
        } catch (RejectedException e) {
            if (e.reason().leaseLost()) {
                me.session().forget(grant);
                LOG.infof(
                        "baton.mcp.grant id=%s agent=%s epoch=%d verb=%s status=lost reason=%s",
                        item, me.agent(), grant.epoch(), verb, e.reasonName());
            }
            throw new ToolCallException(Answers.refusal(e));
        }
    }

    private static String notHeld(Caller.Acting me, String item) {
        final ItemView view;
        try {
            view = me.api().item(item);
        } catch (RejectedException e) {
            throw new ToolCallException(Answers.refusal(e));
        }
        final StringBuilder text = new StringBuilder("you hold no grant on " + item + " in this session");
        if (view.state() != null && view.state().terminal()) {
            text.append("; it is ").append(view.state());
        } else if (view.owner() != null && view.state() == ItemState.CLAIMED) {
            text.append("; it is held by ").append(Text.inert(view.owner()));
            if (view.leaseUntil() != null) {
                text.append(" until ").append(Answers.clock(view.leaseUntil()));
            }
        } else if (view.state() != null) {
            text.append("; it is ").append(view.state()).append(", take it with claim");
        }
        throw new ToolCallException(text.toString());
    }

    @FunctionalInterface
    private interface HolderVerb {
        String apply(Caller.Acting me, HeldGrant grant);
    }
}
