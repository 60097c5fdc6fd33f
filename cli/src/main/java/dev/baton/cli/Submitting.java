package dev.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.client.SubmitResult;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Putting work into the backlog: {@code submit}, one item from flags or many from a JSON file. */
final class Submitting {

    private Submitting() {}

    @Command(
            name = "submit",
            description = "submit work to the backlog",
            customSynopsis = {
                "./baton submit --type TYPE --title TITLE [flags]",
                "       ./baton submit --batch FILE        (a JSON array of items; - reads stdin)"
            })
    static final class Submit extends BatonCommand {

        @Option(names = "--type", paramLabel = "TYPE", description = "what kind of work (letters, digits, . _ : -)")
        String type;

        @Option(names = "--title", paramLabel = "TITLE", description = "one line for people")
        String title;

        @Option(names = "--payload", paramLabel = "JSON", description = "any JSON for the worker")
        String payload;

        @Option(names = "--payload-file", paramLabel = "FILE", description = "the payload from a file (- reads stdin)")
        String payloadFile;

        @Option(
                names = "--command",
                paramLabel = "CMD",
                description = {"shorthand for --payload '{\"command\": CMD}' (what the example Python worker runs)"})
        String command;

        @Option(names = "--priority", paramLabel = "N", description = "higher first (default 0)")
        Integer priority;

        @Option(names = "--label", paramLabel = "L", description = "repeatable, or comma-separated")
        List<String> labels = new ArrayList<>();

        @Option(
                names = "--max-attempts",
                paramLabel = "N",
                description = "attempts before the item is dead (default 3)")
        Integer maxAttempts;

        @Option(names = "--lease", paramLabel = "SECONDS", description = "the item's own lease")
        Integer lease;

        @Option(names = "--not-before", paramLabel = "TIME", description = "ISO-8601, e.g. 2026-03-01T09:00:00Z")
        String notBefore;

        @Option(names = "--depends-on", paramLabel = "ID", description = "repeatable: wait until these items are done")
        List<String> dependsOn = new ArrayList<>();

        @Option(
                names = "--key",
                paramLabel = "KEY",
                description = "idempotency key: a repeat answers the existing item")
        String key;

        @Option(
                names = "--batch",
                paramLabel = "FILE",
                description = {
                    "submit every item of a JSON array (- reads stdin): the fields of POST /items, and an optional"
                            + " idempotencyKey"
                })
        String batch;

        Submit(Console console) {
            super(console);
        }

        @Override
        int run() throws IOException {
            if (batch != null) {
                final Map<String, Object> single = new LinkedHashMap<>();
                single.put("--type", type);
                single.put("--title", title);
                single.put("--payload", payload);
                single.put("--payload-file", payloadFile);
                single.put("--command", command);
                single.put("--key", key);
                for (Map.Entry<String, Object> flag : single.entrySet()) {
                    if (flag.getValue() != null) {
                        throw new UsageException("--batch takes every item from its file; drop " + flag.getKey());
                    }
                }
                return submitBatch(parseJson(readText(batch, "--batch"), "--batch"));
            }
            if (type == null) {
                throw new UsageException("'submit' needs --type");
            }
            if (title == null) {
                throw new UsageException("'submit' needs --title");
            }
            NewItem item = NewItem.of(type, title);
            final JsonNode payloadJson = payload();
            if (payloadJson != null) {
                item = item.payload(payloadJson);
            }
            if (priority != null) {
                item = item.priority(priority);
            }
            if (maxAttempts != null) {
                item = item.maxAttempts(maxAttempts);
            }
            if (lease != null) {
                item = item.leaseSeconds(lease);
            }
            if (notBefore != null) {
                item = item.notBefore(instant(notBefore, "--not-before"));
            }
            item = item.labels(split(labels)).dependsOn(split(dependsOn)).idempotencyKey(key);
            final ItemView view = client.submit(item);
            if (output.json()) {
                output.json(view);
            } else if (Boolean.TRUE.equals(view.duplicate())) {
                output.line("already submitted: " + view.id() + " (" + view.state() + ", same key)");
            } else {
                output.line("submitted " + view.id() + " (" + view.state() + ")");
            }
            return BatonCli.OK;
        }

        private JsonNode payload() throws IOException {
            final List<String> given = new ArrayList<>();
            if (payload != null) {
                given.add("--payload");
            }
            if (payloadFile != null) {
                given.add("--payload-file");
            }
            if (command != null) {
                given.add("--command");
            }
            if (given.size() > 1) {
                throw new UsageException("give one of " + String.join(", ", given));
            }
            if (command != null) {
                return Output.JSON.createObjectNode().put("command", command);
            }
            if (payload != null) {
                return parseJson(payload, "--payload");
            }
            if (payloadFile != null) {
                return parseJson(readText(payloadFile, "--payload-file"), "--payload-file");
            }
            return null;
        }

        private int submitBatch(JsonNode list) {
            if (!list.isArray()) {
                throw new UsageException("--batch must hold a JSON array of items");
            }
            final List<NewItem> items = new ArrayList<>();
            for (JsonNode node : list) {
                items.add(newItem(node, items.size()));
            }
            final List<SubmitResult> results = client.submitBatch(items);
            if (output.json()) {
                output.json(Map.of("results", results));
            } else {
                final Output.Table table = new Output.Table("#", "STATUS", "ITEM", "STATE", "DETAIL");
                for (SubmitResult r : results) {
                    table.row(
                            r.index(),
                            r.status() == 201 ? "new" : r.status() == 200 ? "duplicate" : "invalid",
                            r.item() == null ? null : r.item().id(),
                            r.item() == null ? null : r.item().state(),
                            r.accepted() ? null : r.detail());
                }
                output.table(table);
            }
            return results.stream().allMatch(SubmitResult::accepted) ? BatonCli.OK : BatonCli.INVALID;
        }

        /** One item of a batch file: the fields of {@code POST /items}, and an optional {@code idempotencyKey}. */
        private static NewItem newItem(JsonNode node, int index) {
            final String where = "--batch item " + index;
            if (!node.isObject()) {
                throw new UsageException(where + " is not a JSON object");
            }
            // Fields are passed as they are; the service checks them and answers per item.
            NewItem item =
                    NewItem.of(node.path("type").asText(""), node.path("title").asText(""));
            if (node.has("payload")) {
                item = item.payload(node.get("payload"));
            }
            if (node.hasNonNull("priority")) {
                item = item.priority(node.get("priority").asInt());
            }
            if (node.hasNonNull("maxAttempts")) {
                item = item.maxAttempts(node.get("maxAttempts").asInt());
            }
            if (node.hasNonNull("leaseSeconds")) {
                item = item.leaseSeconds(node.get("leaseSeconds").asInt());
            }
            if (node.hasNonNull("notBefore")) {
                item = item.notBefore(instant(node.get("notBefore").asText(), where + " notBefore"));
            }
            item = item.labels(strings(node.path("labels"))).dependsOn(strings(node.path("dependsOn")));
            if (node.hasNonNull("idempotencyKey")) {
                item = item.idempotencyKey(node.get("idempotencyKey").asText());
            }
            return item;
        }
    }

    private static List<String> strings(JsonNode node) {
        final List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Instant instant(String value, String what) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    what + " must be an ISO-8601 time such as 2026-03-01T09:00:00Z, got '" + value + "'");
        }
    }

    private static JsonNode parseJson(String text, String what) {
        try {
            return Output.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }
}
