package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.ItemEvent;
import dev.baton.client.ItemPage;
import dev.baton.client.ItemQuery;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reading the backlog without changing it: {@code items}, {@code item} and {@code events}. */
final class Looking {

    private Looking() {}

    @Command(
            name = "items",
            description = "list items, filtered",
            customSynopsis = {
                "./baton items [--state STATE] [--type TYPE] [--label L] [--owner AGENT]",
                "                     [--limit N] [--cursor C] [--all]"
            })
    static final class Items extends BatonCommand {

        @Option(
                names = "--state",
                paramLabel = "STATE",
                description = "WAITING, READY, CLAIMED, DONE, DEAD or CANCELLED")
        ItemState state;

        @Option(names = "--type", paramLabel = "TYPE", description = "items of this type")
        String type;

        @Option(names = "--label", paramLabel = "L", description = "items with this label")
        String label;

        @Option(names = "--owner", paramLabel = "AGENT", description = "items this agent holds")
        String owner;

        @Option(names = "--limit", paramLabel = "N", description = "items per page (1-500, default 50)")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "the page after C (printed when there is more)")
        String cursor;

        @Option(names = "--all", description = "follow the pages to the end")
        boolean all;

        Items(Console console) {
            super(console);
        }

        @Override
        int run() {
            ItemQuery query = ItemQuery.all()
                    .state(state)
                    .type(type)
                    .label(label)
                    .owner(owner)
                    .limit(limit)
                    .cursor(cursor);
            final List<ItemView> items = new ArrayList<>();
            ItemPage page = client.items(query);
            items.addAll(page.items());
            while (all && page.nextCursor() != null) {
                query = query.cursor(page.nextCursor());
                page = client.items(query);
                items.addAll(page.items());
            }
            if (output.json()) {
                final Map<String, Object> body = new LinkedHashMap<>();
                body.put("items", items);
                body.put("nextCursor", page.nextCursor());
                output.json(body);
                return BatonCli.OK;
            }
            final Output.Table table =
                    new Output.Table("ITEM", "STATE", "TYPE", "PRIO", "TRIES", "OWNER", "EPOCH", "TITLE");
            for (ItemView i : items) {
                table.row(
                        i.id(),
                        i.state(),
                        i.type(),
                        i.priority(),
                        i.attempts() + "/" + i.maxAttempts(),
                        i.owner(),
                        i.epoch(),
                        Output.Table.clip(i.title(), 60));
            }
            if (table.isEmpty()) {
                console.err().println("no items match");
            } else {
                output.table(table);
            }
            if (page.nextCursor() != null) {
                console.err().println("more: ./baton items ... --cursor " + page.nextCursor() + "   (or --all)");
            }
            return BatonCli.OK;
        }
    }

    @Command(
            name = "item",
            description = {
                "show one item",
                "",
                "With --min-epoch or --state, waits (up to --wait, default 5, at most 60) until the read model"
                        + " shows that epoch or state: read your own write."
            },
            customSynopsis = "./baton item ITEM [--min-epoch N] [--state STATE] [--wait SECONDS]")
    static final class Item extends BatonCommand {

        @Parameters(index = "0", paramLabel = "ITEM", description = "the item's id")
        String id;

        @Option(names = "--min-epoch", paramLabel = "N", description = "wait until the item is at this epoch or later")
        Long minEpoch;

        @Option(names = "--state", paramLabel = "STATE", description = "wait until the item is in this state")
        ItemState state;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                description = "how long to wait for --min-epoch or --state (default 5, at most 60)")
        Integer wait;

        Item(Console console) {
            super(console);
        }

        @Override
        int run() {
            final ItemView item;
            if (minEpoch != null || state != null) {
                final int seconds = wait == null ? 5 : wait;
                waiting("waiting for " + id + (state == null ? "" : " to be " + state)
                        + (minEpoch == null ? "" : " at epoch " + minEpoch + " or later"));
                item = client.awaitItem(id, minEpoch, state, Duration.ofSeconds(Math.max(0, seconds)));
            } else if (wait != null) {
                throw new UsageException("--wait needs --min-epoch or --state");
            } else {
                item = client.item(id);
            }
            doneWaiting();
            if (output.json()) {
                output.json(item);
                return reached(item);
            }
            final Output.Table table = new Output.Table("FIELD", "VALUE");
            table.row("id", item.id()).row("state", item.state());
            table.optional("why", item.why());
            table.row("type", item.type()).row("title", item.title()).row("priority", item.priority());
            table.optional("labels", item.labels().isEmpty() ? null : String.join(", ", item.labels()));
            table.row("attempts", item.attempts() + " of " + item.maxAttempts()).row("epoch", item.epoch());
            table.optional("owner", item.owner());
            table.optional("lease until", Output.time(item.leaseUntil()));
            table.optional("progress", item.progress());
            table.optional("lease", item.leaseSeconds() == null ? null : item.leaseSeconds() + "s");
            table.optional("not before", Output.time(item.notBefore()));
            table.optional("depends on", item.dependsOn().isEmpty() ? null : String.join(", ", item.dependsOn()));
            table.optional(
                    "payload", item.payload() == null ? null : item.payload().toString());
            table.optional("last error", item.lastError());
            if (item.result() != null) {
                table.optional("summary", item.result().summary());
                table.optional("notes", item.result().notes());
                table.optional(
                        "tags",
                        item.result().tags().isEmpty()
                                ? null
                                : String.join(", ", item.result().tags()));
                for (String line : item.result().logs()) {
                    table.row("log", line);
                }
            }
            table.optional("submitted", Output.time(item.submittedAt()));
            table.optional("updated", Output.time(item.updatedAt()));
            output.table(table);
            return reached(item);
        }

        /** OK when the item is as awaited; "nothing to do" (3) when the wait ran out before it was. */
        private int reached(ItemView item) {
            if (state != null && item.state() != state) {
                console.err().println("still " + item.state() + ", not " + state);
                return BatonCli.NOTHING;
            }
            if (minEpoch != null && item.epoch() < minEpoch) {
                console.err().println("still at epoch " + item.epoch());
                return BatonCli.NOTHING;
            }
            return BatonCli.OK;
        }
    }

    @Command(name = "events", description = "show an item's history", customSynopsis = "./baton events ITEM")
    static final class Events extends BatonCommand {

        @Parameters(index = "0", paramLabel = "ITEM", description = "the item's id")
        String id;

        Events(Console console) {
            super(console);
        }

        @Override
        int run() {
            final List<ItemEvent> events = client.events(id);
            if (output.json()) {
                output.json(Map.of(
                        "id",
                        id,
                        "events",
                        events.stream().map(ItemEvent::fields).toList()));
                return BatonCli.OK;
            }
            final Output.Table table = new Output.Table("AT", "EVENT", "STATE", "AGENT", "EPOCH", "NOTE");
            for (ItemEvent e : events) {
                table.row(
                        Output.time(e.at()),
                        e.event(),
                        e.state(),
                        e.agent(),
                        e.epoch(),
                        Output.Table.clip(note(e), 80));
            }
            output.table(table);
            return BatonCli.OK;
        }

        /** The one detail of an event a person wants next to it. */
        private static String note(ItemEvent e) {
            final JsonNode f = e.fields();
            for (String field : List.of("error", "reason", "progress", "cause")) {
                if (f.hasNonNull(field)) {
                    return f.get(field).asText();
                }
            }
            if (f.hasNonNull("result") && f.get("result").hasNonNull("summary")) {
                return f.get("result").get("summary").asText();
            }
            if (f.hasNonNull("dependencyId")) {
                return f.get("dependencyId").asText() + " " + f.path("outcome").asText();
            }
            if (f.hasNonNull("retryAt")) {
                return "retry at " + f.get("retryAt").asText();
            }
            return null;
        }
    }
}
