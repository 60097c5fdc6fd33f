package dev.baton.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.ItemEvent;
import dev.baton.client.ItemPage;
import dev.baton.client.ItemQuery;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Text;
import io.quarkiverse.mcp.server.McpConnection;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.inject.Inject;
import java.util.List;

/** Looking around and adding work: submit an item, what is ready, why one is not, one item's story. */
public class LookTools {

    /** How many ready items one answer lists, and how many of an item's latest events. */
    static final int MAX_LISTED = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Caller caller;

    @Tool(
            description = "Add an item to the backlog. It becomes ready once its dependencies are done.",
            annotations = @Tool.Annotations(title = "Submit an item", destructiveHint = false, openWorldHint = false))
    String submit(
            @ToolArg(description = "what is to be done, one line") String title,
            @ToolArg(description = "the item's type, e.g. task, bug, review") String type,
            @ToolArg(description = "higher is more urgent; default 0", required = false) Integer priority,
            @ToolArg(description = "details as a JSON object, optional", required = false) String payload,
            @ToolArg(description = "ids of items that must be done first, optional", required = false)
                    List<String> dependencies,
            McpConnection connection) {
        return Answers.run("submit", () -> {
            final Caller.Acting me = caller.of(connection);
            if (title == null || title.isBlank()) {
                throw new ToolCallException("title must not be blank");
            }
            if (type == null || !Limits.TYPE.matcher(type).matches()) {
                throw new ToolCallException("type " + Limits.TYPE_RULE);
            }
            NewItem item = NewItem.of(type, title);
            if (priority != null) {
                item = item.priority(priority);
            }
            if (payload != null && !payload.isBlank()) {
                item = item.payload(json(payload));
            }
            if (dependencies != null && !dependencies.isEmpty()) {
                item = item.dependsOn(dependencies);
            }
            final ItemView made = me.api().submit(item);
            return "submitted " + made.id() + " (" + (made.state() == null ? "accepted" : made.state()) + ")"
                    + (Boolean.TRUE.equals(made.duplicate()) ? ", the same submission as before" : "");
        });
    }

    @Tool(
            description = "List the ready items, most urgent first (optionally of one type).",
            annotations = @Tool.Annotations(title = "What is ready", readOnlyHint = true, openWorldHint = false))
    String ready(
            @ToolArg(description = "only items of this type, optional", required = false) String type,
            McpConnection connection) {
        return Answers.run("ready", () -> {
            final Caller.Acting me = caller.of(connection);
            final ItemPage page = me.api()
                    .items(ItemQuery.all()
                            .state(ItemState.READY)
                            .type(type == null || type.isBlank() ? null : type)
                            .limit(MAX_LISTED));
            if (page.items().isEmpty()) {
                return "nothing is ready" + (type == null || type.isBlank() ? "" : " of type " + Text.inert(type));
            }
            final StringBuilder text = new StringBuilder(page.items().size() + " ready:");
            page.items().forEach(item -> text.append('\n').append(Compact.line(item)));
            if (page.nextCursor() != null) {
                text.append("\n(more ready than listed)");
            }
            return text.toString();
        });
    }

    @Tool(
            description = "Say why an item is not ready: what it waits on, or who holds it.",
            annotations = @Tool.Annotations(title = "Why not ready", readOnlyHint = true, openWorldHint = false))
    String why(@ToolArg(description = "the item's id") String id, McpConnection connection) {
        return Answers.run("why", () -> {
            final Caller.Acting me = caller.of(connection);
            final ItemView item = me.api().item(itemId(id));
            final String name = item.id();
            if (item.state() == null) {
                return name + ": its state is not known yet";
            }
            return switch (item.state()) {
                case READY -> name + " is ready: take it with claim";
                case CLAIMED ->
                    name + " is held by " + Text.inert(String.valueOf(item.owner()))
                            + (item.leaseUntil() == null ? "" : " until " + Answers.clock(item.leaseUntil()));
                case WAITING ->
                    name + " is waiting: " + (item.why() == null ? "not yet ready" : Text.inert(item.why()));
                case DONE, DEAD, CANCELLED ->
                    name + " is " + item.state() + ": it will not be ready again"
                            + (item.state() == ItemState.DEAD ? " unless an operator redrives it" : "");
            };
        });
    }

    @Tool(
            description = "One item: its state, holder, result and latest history.",
            annotations = @Tool.Annotations(title = "One item", readOnlyHint = true, openWorldHint = false))
    String item(@ToolArg(description = "the item's id") String id, McpConnection connection) {
        return Answers.run("item", () -> {
            final Caller.Acting me = caller.of(connection);
            final String item = itemId(id);
            final ItemView view = me.api().item(item);
            final List<ItemEvent> events = me.api().events(item);
            final int skipped = Math.max(0, events.size() - MAX_LISTED);
            return Compact.item(view) + "\n" + Compact.history(events.subList(skipped, events.size()))
                    + (skipped > 0 ? "\n(" + skipped + " earlier events left out)" : "");
        });
    }

    private static JsonNode json(String payload) {
        try {
            final JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new ToolCallException("payload must be a JSON object, like {\"file\": \"a.txt\"}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ToolCallException("payload is not JSON: " + Text.inert(e.getOriginalMessage()));
        }
    }

    static String itemId(String id) {
        if (id == null || !Limits.ITEM_ID.matcher(id.strip()).matches()) {
            throw new ToolCallException("id " + Limits.ITEM_ID_RULE);
        }
        return id.strip();
    }
}
