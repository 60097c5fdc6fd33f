package dev.baton.client.cli;

import static dev.baton.client.cli.Args.Kind.REPEATED;
import static dev.baton.client.cli.Args.Kind.SWITCH;
import static dev.baton.client.cli.Args.Kind.VALUE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.client.Ack;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.DevlogPost;
import dev.baton.client.Grant;
import dev.baton.client.InvalidRequestException;
import dev.baton.client.ItemEvent;
import dev.baton.client.ItemPage;
import dev.baton.client.ItemQuery;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.client.Next;
import dev.baton.client.RejectedException;
import dev.baton.client.Result;
import dev.baton.client.RetryPolicy;
import dev.baton.client.SubmitResult;
import dev.baton.client.UnavailableException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line behind {@code ./baton submit|next|claim|...}: one call of the HTTP API per
 * command, printed as a table for people or as JSON ({@code --json}) for scripts, with an exit
 * code a script can branch on:
 *
 * <pre>
 * 0  done
 * 1  error: no answer from the service within the retry deadline, or an answer that makes no sense
 * 2  invalid: a usage error, or the service refused the request as malformed (400)
 * 3  nothing to do: next found no ready item within its wait
 * 4  rejected: the service refused the call (409, or 404 for an unknown item)
 * </pre>
 */
public final class BatonCli {

    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int INVALID = 2;
    public static final int NOTHING = 3;
    public static final int REJECTED = 4;

    private static final Map<String, Args.Kind> COMMON = Args.flags(Map.of(), "--json", SWITCH, "--backlog", VALUE,
            "--claims", VALUE, "--writer", VALUE, "--agent", VALUE, "--timeout", VALUE, "--retry-deadline", VALUE);

    /** Request-body field names as the flags that set them, for the service's 400 answers. */
    private static final Map<String, String> FLAG_OF_FIELD = Map.ofEntries(Map.entry("agent", "--agent"),
            Map.entry("types", "--type"), Map.entry("max", "--max"), Map.entry("leaseSeconds", "--lease"),
            Map.entry("waitSeconds", "--wait"), Map.entry("epoch", "--epoch"), Map.entry("progress", "--progress"),
            Map.entry("error", "--error"), Map.entry("reason", "--reason"), Map.entry("type", "--type"),
            Map.entry("title", "--title"), Map.entry("payload", "--payload"), Map.entry("priority", "--priority"),
            Map.entry("labels", "--label"), Map.entry("maxAttempts", "--max-attempts"),
            Map.entry("notBefore", "--not-before"), Map.entry("dependsOn", "--depends-on"),
            Map.entry("Idempotency-Key", "--key or --request-id"), Map.entry("result.summary", "--summary"),
            Map.entry("result.notes", "--notes"), Map.entry("result.tags", "--tag"), Map.entry("result.logs", "--log"),
            Map.entry("limit", "--limit"), Map.entry("state", "--state"), Map.entry("itemId", "ITEM"),
            Map.entry("id", "ITEM"), Map.entry("date", "DATE"));

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** One command: its name, its flags, its help, and what it does. */
    private record Command(String name, String synopsis, String help, Map<String, Args.Kind> flags, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        int run(Call call) throws IOException;
    }

    private final PrintStream out;
    private final PrintStream err;
    /** The request id of the call being made, for the hint printed when it gets no answer. */
    private String requestIdInUse;
    private final InputStream in;
    private final Map<String, String> env;
    private final boolean tty;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    BatonCli(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, boolean tty) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
        this.tty = tty;
        register();
    }

    public static void main(String[] argv) {
        final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final int code = new BatonCli(out, err, System.in, System.getenv(), Boolean.getBoolean("baton.cli.tty"))
                .run(List.of(argv));
        out.flush();
        err.flush();
        System.exit(code);
    }

    int run(List<String> argv) {
        if (argv.isEmpty()) {
            usage(err);
            return INVALID;
        }
        final String name = argv.get(0);
        final List<String> rest = argv.subList(1, argv.size());
        if (name.equals("help") || name.equals("-h") || name.equals("--help")) {
            if (rest.isEmpty()) {
                usage(out);
                return OK;
            }
            final Command command = commands.get(rest.get(0));
            if (command == null) {
                return usageError("unknown command: " + rest.get(0), null);
            }
            help(command, out);
            return OK;
        }
        final Command command = commands.get(name);
        if (command == null) {
            return usageError("unknown command: " + name, null);
        }
        if (Args.isHelp(rest)) {
            help(command, out);
            return OK;
        }
        Call call = null;
        try {
            final Args args = Args.parse(name, rest, command.flags());
            call = new Call(args);
            return command.action().run(call);
        } catch (UsageException e) {
            return usageError(e.getMessage(), name);
        } catch (InvalidRequestException e) {
            finish(call);
            emitProblem(call, e);
            err.println("baton: invalid request: " + e.getMessage() + flagHint(e.field()));
            return INVALID;
        } catch (RejectedException e) {
            finish(call);
            emitProblem(call, e);
            err.println("baton: rejected: " + e.getMessage());
            return REJECTED;
        } catch (UnavailableException e) {
            finish(call);
            err.println("baton: " + e.getMessage());
            if (requestIdInUse != null) {
                // The call may have taken effect: asking again with its id gets its answer, never a second effect.
                err.println("baton: to ask again for this call's answer, repeat it with --request-id " + requestIdInUse);
            }
            return ERROR;
        } catch (BatonException e) {
            finish(call);
            err.println("baton: " + e.getMessage());
            return ERROR;
        } catch (IllegalArgumentException e) {
            finish(call);
            err.println("baton: " + e.getMessage());
            return INVALID;
        } catch (IOException | UncheckedIOException e) {
            finish(call);
            err.println("baton: " + e.getMessage());
            return ERROR;
        } finally {
            finish(call);
        }
    }

    private int usageError(String message, String command) {
        err.println("baton: " + message);
        err.println("Run './baton help" + (command == null ? "" : " " + command) + "' for usage.");
        return INVALID;
    }

    private static void finish(Call call) {
        if (call != null) {
            call.progress.close();
        }
    }

    private void emitProblem(Call call, BatonException e) {
        if (call == null || !call.json) {
            return;
        }
        if (e instanceof RejectedException rejected && rejected.problem() != null && rejected.problem().size() > 0) {
            print(rejected.problem());
        } else if (e instanceof InvalidRequestException invalid) {
            final Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("status", invalid.status());
            problem.put("field", invalid.field());
            problem.put("detail", invalid.getMessage());
            problem.put("violations", invalid.violations());
            print(problem);
        }
    }

    private static String flagHint(String field) {
        if (field == null) {
            return "";
        }
        final String flag = FLAG_OF_FIELD.get(field.replaceFirst("^items\\[\\d+]\\.", ""));
        return flag == null ? "" : " (" + flag + ")";
    }

    // --- the commands ---------------------------------------------------------------------------

    private void register() {
        add("submit", "submit work to the backlog", """
                Usage: ./baton submit --type TYPE --title TITLE [flags]
                       ./baton submit --batch FILE        (a JSON array of items; - reads stdin)

                  --type TYPE            what kind of work (letters, digits, . _ : -)
                  --title TITLE          one line for people
                  --payload JSON         any JSON for the worker
                  --payload-file FILE    the payload from a file (- reads stdin)
                  --command CMD          shorthand for --payload '{"command": CMD}' (what the
                                         example Python worker runs)
                  --priority N           higher first (default 0)
                  --label L              repeatable, or comma-separated
                  --max-attempts N       attempts before the item is dead (default 3)
                  --lease SECONDS        the item's own lease
                  --not-before TIME      ISO-8601, e.g. 2026-03-01T09:00:00Z
                  --depends-on ID        repeatable: wait until these items are done
                  --key KEY              idempotency key: a repeat answers the existing item
                """, this::submit, "--type", VALUE, "--title", VALUE, "--payload", VALUE, "--payload-file", VALUE,
                "--command", VALUE, "--priority", VALUE, "--label", REPEATED, "--max-attempts", VALUE, "--lease", VALUE,
                "--not-before", VALUE, "--depends-on", REPEATED, "--key", VALUE, "--batch", VALUE);
        add("next", "claim the most urgent ready items", """
                Usage: ./baton next [--type TYPE]... [--max N] [--lease SECONDS] [--wait SECONDS]

                  --type TYPE            repeatable, or comma-separated; none = any type
                  --max N                claim up to N items at once (1-100, default 1)
                  --lease SECONDS        lease length (default: the item's own, else the service's)
                  --wait SECONDS         wait up to this long for work (0-60, default 0)
                  --request-id ID        repeat an earlier call: the same id gets the same answer

                Exit status 3 when nothing was ready within the wait.
                """, this::next, "--type", REPEATED, "--max", VALUE, "--lease", VALUE, "--wait", VALUE,
                "--request-id", VALUE);
        add("claim", "claim one item by id", """
                Usage: ./baton claim ITEM [--lease SECONDS] [--request-id ID]
                """, this::claim, "--lease", VALUE, "--request-id", VALUE);
        add("heartbeat", "extend a lease, with progress", """
                Usage: ./baton heartbeat ITEM --epoch N [--progress TEXT] [--lease SECONDS] [--request-id ID]

                Refused (exit 4) with STALE_EPOCH, NOT_OWNER or TERMINAL once the lease is lost.
                """, this::heartbeat, "--epoch", VALUE, "--progress", VALUE, "--lease", VALUE, "--request-id", VALUE);
        add("complete", "complete a held item with its result", """
                Usage: ./baton complete ITEM --epoch N [--summary TEXT] [flags]

                  --summary TEXT         one line on what was done
                  --notes TEXT           more, free-form
                  --tag TAG              repeatable, or comma-separated
                  --log LINE             repeatable: log lines for the devlog
                  --logs-file FILE       log lines from a file (- reads stdin); at most 500 lines
                  --request-id ID        repeat an earlier call: the same id gets the same answer
                """, this::complete, "--epoch", VALUE, "--summary", VALUE, "--notes", VALUE, "--tag", REPEATED,
                "--log", REPEATED, "--logs-file", VALUE, "--request-id", VALUE);
        add("fail", "report that a held item failed", """
                Usage: ./baton fail ITEM --epoch N [--error TEXT] [--no-retry] [--request-id ID]

                A retryable failure (the default) puts the item back after a backoff until its
                attempts are used up; --no-retry makes it dead at once.
                """, this::fail, "--epoch", VALUE, "--error", VALUE, "--no-retry", SWITCH, "--request-id", VALUE);
        add("release", "give a held item back at once", """
                Usage: ./baton release ITEM --epoch N [--reason TEXT] [--request-id ID]

                The item is ready again at once; no attempt is counted.
                """, this::release, "--epoch", VALUE, "--reason", VALUE, "--request-id", VALUE);
        add("items", "list items, filtered", """
                Usage: ./baton items [--state STATE] [--type TYPE] [--label L] [--owner AGENT]
                                     [--limit N] [--cursor C] [--all]

                  --state STATE          WAITING, READY, CLAIMED, DONE, DEAD or CANCELLED
                  --limit N              items per page (1-500, default 50)
                  --cursor C             the page after C (printed when there is more)
                  --all                  follow the pages to the end
                """, this::items, "--state", VALUE, "--type", VALUE, "--label", VALUE, "--owner", VALUE,
                "--limit", VALUE, "--cursor", VALUE, "--all", SWITCH);
        add("item", "show one item", """
                Usage: ./baton item ITEM [--min-epoch N] [--state STATE] [--wait SECONDS]

                With --min-epoch or --state, waits (up to --wait, default 5, at most 60) until the
                read model shows that epoch or state: read your own write.
                """, this::item, "--min-epoch", VALUE, "--state", VALUE, "--wait", VALUE);
        add("events", "show an item's history", """
                Usage: ./baton events ITEM
                """, this::events);
        add("cancel", "cancel an item", """
                Usage: ./baton cancel ITEM [--reason TEXT]
                """, this::cancel, "--reason", VALUE);
        add("redrive", "put a dead item back to ready", """
                Usage: ./baton redrive ITEM
                """, this::redrive);
        add("devlog", "list, show or publish devlog posts", """
                Usage: ./baton devlog                      list the published posts
                       ./baton devlog DATE [--format md|mdx]
                                                           print the post of DATE (YYYY-MM-DD);
                                                           with --json, the post with both bodies
                       ./baton devlog publish [DATE]       write and publish the post of DATE
                                                           now (default: today, UTC)
                """, this::devlog, "--format", VALUE);
    }

    private void add(String name, String synopsis, String help, Action action, Object... flags) {
        commands.put(name, new Command(name, synopsis, help, Args.flags(COMMON, flags), action));
    }

    private int submit(Call call) throws IOException {
        final Args args = call.args;
        args.positionals(0, 0, "");
        if (args.has("--batch")) {
            for (String single : List.of("--type", "--title", "--payload", "--payload-file", "--command", "--key")) {
                if (args.has(single)) {
                    throw new UsageException("--batch takes every item from its file; drop " + single);
                }
            }
            return submitBatch(call, readJson(args.value("--batch"), "--batch"));
        }
        NewItem item = NewItem.of(args.required("--type"), args.required("--title"));
        final JsonNode payload = payload(args);
        if (payload != null) {
            item = item.payload(payload);
        }
        if (args.has("--priority")) {
            item = item.priority(args.integer("--priority"));
        }
        if (args.has("--max-attempts")) {
            item = item.maxAttempts(args.integer("--max-attempts"));
        }
        if (args.has("--lease")) {
            item = item.leaseSeconds(args.integer("--lease"));
        }
        if (args.has("--not-before")) {
            item = item.notBefore(instant(args.value("--not-before"), "--not-before"));
        }
        item = item.labels(args.split("--label")).dependsOn(args.split("--depends-on"))
                .idempotencyKey(args.value("--key"));
        final ItemView view = call.client.submit(item);
        if (call.json) {
            print(view);
        } else if (Boolean.TRUE.equals(view.duplicate())) {
            out.println("already submitted: " + view.id() + " (" + view.state() + ", same key)");
        } else {
            out.println("submitted " + view.id() + " (" + view.state() + ")");
        }
        return OK;
    }

    private JsonNode payload(Args args) throws IOException {
        final List<String> given = new ArrayList<>();
        for (String flag : List.of("--payload", "--payload-file", "--command")) {
            if (args.has(flag)) {
                given.add(flag);
            }
        }
        if (given.size() > 1) {
            throw new UsageException("give one of " + String.join(", ", given));
        }
        if (args.has("--command")) {
            return JSON.createObjectNode().put("command", args.value("--command"));
        }
        if (args.has("--payload")) {
            return parseJson(args.value("--payload"), "--payload");
        }
        if (args.has("--payload-file")) {
            return readJson(args.value("--payload-file"), "--payload-file");
        }
        return null;
    }

    private int submitBatch(Call call, JsonNode list) {
        if (!list.isArray()) {
            throw new UsageException("--batch must hold a JSON array of items");
        }
        final List<NewItem> items = new ArrayList<>();
        for (JsonNode node : list) {
            items.add(newItem(node, items.size()));
        }
        final List<SubmitResult> results = call.client.submitBatch(items);
        if (call.json) {
            print(Map.of("results", results));
        } else {
            final Table table = new Table("#", "STATUS", "ITEM", "STATE", "DETAIL");
            for (SubmitResult r : results) {
                table.row(r.index(), r.status() == 201 ? "new" : r.status() == 200 ? "duplicate" : "invalid",
                        r.item() == null ? null : r.item().id(), r.item() == null ? null : r.item().state(),
                        r.accepted() ? null : r.detail());
            }
            table.print(out);
        }
        return results.stream().allMatch(SubmitResult::accepted) ? OK : INVALID;
    }

    /** One item of a batch file: the fields of {@code POST /items}, and an optional {@code idempotencyKey}. */
    private static NewItem newItem(JsonNode node, int index) {
        final String where = "--batch item " + index;
        if (!node.isObject()) {
            throw new UsageException(where + " is not a JSON object");
        }
        // Fields are passed as they are; the service checks them and answers per item.
        NewItem item = NewItem.of(node.path("type").asText(""), node.path("title").asText(""));
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

    private int next(Call call) {
        final Args args = call.args;
        args.positionals(0, 0, "");
        final int wait = args.has("--wait") ? args.integer("--wait") : 0;
        Next next = Next.of(args.split("--type").toArray(String[]::new)).waitSeconds(wait)
                .leaseSeconds(args.integer("--lease"));
        if (args.has("--max")) {
            next = next.max(args.integer("--max"));
        }
        if (wait > 0) {
            call.waiting("waiting for work" + (next.types().isEmpty() ? "" : " (" + String.join(", ",
                    next.types()) + ")"));
        }
        final List<Grant> grants = call.client.next(next, requestId(args));
        call.progress.close();
        if (call.json) {
            print(Map.of("claims", grants));
        } else if (!grants.isEmpty()) {
            grants(grants);
        }
        if (grants.isEmpty()) {
            err.println("nothing ready" + (wait > 0 ? " within " + wait + "s" : ""));
            return NOTHING;
        }
        return OK;
    }

    private int claim(Call call) {
        final String id = call.args.positionals(1, 1, "ITEM").get(0);
        final Integer lease = call.args.integer("--lease");
        final Grant grant = call.client.claim(id, lease, requestId(call.args));
        if (call.json) {
            print(grant);
        } else {
            grants(List.of(grant));
        }
        return OK;
    }

    private void grants(List<Grant> grants) {
        final Table table = new Table("ITEM", "EPOCH", "LEASE UNTIL", "ATTEMPT", "TYPE", "TITLE", "PAYLOAD");
        for (Grant g : grants) {
            final Grant.Work w = g.item();
            table.row(g.itemId(), g.epoch(), time(g.leaseUntil()), w == null ? null : w.attempt(),
                    w == null ? null : w.type(), w == null ? null : Table.clip(w.title(), 50),
                    w == null || w.payload() == null ? null : Table.clip(w.payload().toString(), 80));
        }
        table.print(out);
    }

    private int heartbeat(Call call) {
        final Args args = call.args;
        final String id = args.positionals(1, 1, "ITEM").get(0);
        return ack(call, call.client.heartbeat(id, args.requiredLong("--epoch"), args.value("--progress"),
                args.integer("--lease"), requestId(args)));
    }

    private int complete(Call call) throws IOException {
        final Args args = call.args;
        final String id = args.positionals(1, 1, "ITEM").get(0);
        final long epoch = args.requiredLong("--epoch");
        final List<String> logs = new ArrayList<>(args.all("--log"));
        if (args.has("--logs-file")) {
            logs.addAll(readText(args.value("--logs-file"), "--logs-file").lines().toList());
        }
        final Result result = new Result(args.value("--summary"), args.value("--notes"), args.split("--tag"), logs);
        return ack(call, call.client.complete(id, epoch, result, requestId(args)));
    }

    private int fail(Call call) {
        final Args args = call.args;
        final String id = args.positionals(1, 1, "ITEM").get(0);
        return ack(call, call.client.fail(id, args.requiredLong("--epoch"), args.value("--error"),
                !args.has("--no-retry"), requestId(args)));
    }

    private int release(Call call) {
        final Args args = call.args;
        final String id = args.positionals(1, 1, "ITEM").get(0);
        return ack(call, call.client.release(id, args.requiredLong("--epoch"), args.value("--reason"),
                requestId(args)));
    }

    private int cancel(Call call) {
        final String id = call.args.positionals(1, 1, "ITEM").get(0);
        return ack(call, call.client.cancel(id, call.args.value("--reason")));
    }

    private int redrive(Call call) {
        final String id = call.args.positionals(1, 1, "ITEM").get(0);
        return ack(call, call.client.redrive(id));
    }

    /** The call's request id: the one given, or a fresh one; named again if the call gets no answer. */
    private String requestId(Args args) {
        final String given = args.value("--request-id");
        requestIdInUse = given != null ? given : BatonClient.newRequestId();
        return requestIdInUse;
    }

    private int ack(Call call, Ack ack) {
        if (call.json) {
            print(ack);
        } else {
            out.println(ack.itemId() + "  " + ack.state() + (ack.epoch() == null ? "" : "  epoch " + ack.epoch())
                    + (ack.leaseUntil() == null ? "" : "  lease until " + time(ack.leaseUntil())));
        }
        return OK;
    }

    private int items(Call call) {
        final Args args = call.args;
        args.positionals(0, 0, "");
        ItemQuery query = ItemQuery.all().state(state(args.value("--state"))).type(args.value("--type"))
                .label(args.value("--label")).owner(args.value("--owner")).limit(args.integer("--limit"))
                .cursor(args.value("--cursor"));
        final List<ItemView> items = new ArrayList<>();
        ItemPage page = call.client.items(query);
        items.addAll(page.items());
        while (args.has("--all") && page.nextCursor() != null) {
            query = query.cursor(page.nextCursor());
            page = call.client.items(query);
            items.addAll(page.items());
        }
        if (call.json) {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", items);
            body.put("nextCursor", page.nextCursor());
            print(body);
            return OK;
        }
        final Table table = new Table("ITEM", "STATE", "TYPE", "PRIO", "TRIES", "OWNER", "EPOCH", "TITLE");
        for (ItemView i : items) {
            table.row(i.id(), i.state(), i.type(), i.priority(), i.attempts() + "/" + i.maxAttempts(), i.owner(),
                    i.epoch(), Table.clip(i.title(), 60));
        }
        if (table.isEmpty()) {
            err.println("no items match");
        } else {
            table.print(out);
        }
        if (page.nextCursor() != null) {
            err.println("more: ./baton items ... --cursor " + page.nextCursor() + "   (or --all)");
        }
        return OK;
    }

    private int item(Call call) {
        final Args args = call.args;
        final String id = args.positionals(1, 1, "ITEM").get(0);
        final Long minEpoch = args.longValue("--min-epoch");
        final ItemState state = state(args.value("--state"));
        final ItemView item;
        if (minEpoch != null || state != null) {
            final int wait = args.has("--wait") ? args.integer("--wait") : 5;
            call.waiting("waiting for " + id + (state == null ? "" : " to be " + state)
                    + (minEpoch == null ? "" : " at epoch " + minEpoch + " or later"));
            item = call.client.awaitItem(id, minEpoch, state, Duration.ofSeconds(Math.max(0, wait)));
        } else if (args.has("--wait")) {
            throw new UsageException("--wait needs --min-epoch or --state");
        } else {
            item = call.client.item(id);
        }
        call.progress.close();
        if (call.json) {
            print(item);
            return reached(item, state, minEpoch);
        }
        final Table table = new Table("FIELD", "VALUE");
        table.row("id", item.id()).row("state", item.state());
        optional(table, "why", item.why());
        table.row("type", item.type()).row("title", item.title()).row("priority", item.priority());
        optional(table, "labels", item.labels().isEmpty() ? null : String.join(", ", item.labels()));
        table.row("attempts", item.attempts() + " of " + item.maxAttempts()).row("epoch", item.epoch());
        optional(table, "owner", item.owner());
        optional(table, "lease until", time(item.leaseUntil()));
        optional(table, "progress", item.progress());
        optional(table, "lease", item.leaseSeconds() == null ? null : item.leaseSeconds() + "s");
        optional(table, "not before", time(item.notBefore()));
        optional(table, "depends on", item.dependsOn().isEmpty() ? null : String.join(", ", item.dependsOn()));
        optional(table, "payload", item.payload() == null ? null : item.payload().toString());
        optional(table, "last error", item.lastError());
        if (item.result() != null) {
            optional(table, "summary", item.result().summary());
            optional(table, "notes", item.result().notes());
            optional(table, "tags", item.result().tags().isEmpty() ? null : String.join(", ", item.result().tags()));
            for (String line : item.result().logs()) {
                table.row("log", line);
            }
        }
        optional(table, "submitted", time(item.submittedAt()));
        optional(table, "updated", time(item.updatedAt()));
        table.print(out);
        return reached(item, state, minEpoch);
    }

    /** OK when the item is as awaited; "nothing to do" (3) when the wait ran out before it was. */
    private int reached(ItemView item, ItemState state, Long minEpoch) {
        if (state != null && item.state() != state) {
            err.println("still " + item.state() + ", not " + state);
            return NOTHING;
        }
        if (minEpoch != null && item.epoch() < minEpoch) {
            err.println("still at epoch " + item.epoch());
            return NOTHING;
        }
        return OK;
    }

    private static void optional(Table table, String name, Object value) {
        if (value != null) {
            table.row(name, value);
        }
    }

    private int events(Call call) {
        final String id = call.args.positionals(1, 1, "ITEM").get(0);
        final List<ItemEvent> events = call.client.events(id);
        if (call.json) {
            print(Map.of("id", id, "events", events.stream().map(ItemEvent::fields).toList()));
            return OK;
        }
        final Table table = new Table("AT", "EVENT", "STATE", "AGENT", "EPOCH", "NOTE");
        for (ItemEvent e : events) {
            table.row(time(e.at()), e.event(), e.state(), e.agent(), e.epoch(), Table.clip(note(e), 80));
        }
        table.print(out);
        return OK;
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

    private int devlog(Call call) {
        final List<String> positionals = call.args.positionals(0, 2, "[publish] [DATE]");
        if (positionals.isEmpty()) {
            if (call.args.has("--format")) {
                throw new UsageException("--format needs a DATE");
            }
            final List<DevlogPost> posts = call.client.devlogs();
            if (call.json) {
                print(Map.of("posts", posts));
            } else if (posts.isEmpty()) {
                err.println("no devlog posts yet");
            } else {
                final Table table = new Table("DATE", "VERSION", "SLUG", "TITLE");
                posts.forEach(p -> table.row(p.date(), p.version(), p.slug(), Table.clip(p.title(), 70)));
                table.print(out);
            }
            return OK;
        }
        if (positionals.get(0).equals("publish")) {
            if (call.args.has("--format")) {
                throw new UsageException("--format applies to showing a post, not to publishing one");
            }
            final LocalDate date = positionals.size() > 1 ? date(positionals.get(1)) : LocalDate.now(ZoneOffset.UTC);
            final DevlogPost post = call.client.publishDevlog(date);
            if (call.json) {
                print(post);
            } else {
                out.println((post.newVersion() ? "published " : "unchanged since its last post: ") + post.date()
                        + " (version " + post.version() + "): " + post.title());
                out.println("  slug   " + post.slug());
                out.println("  items  " + post.itemIds().size());
                if (!post.tags().isEmpty()) {
                    out.println("  tags   " + String.join(", ", post.tags()));
                }
            }
            return OK;
        }
        if (positionals.size() > 1) {
            throw new UsageException("'devlog' takes one DATE; unexpected '" + positionals.get(1) + "'");
        }
        final LocalDate date = date(positionals.get(0));
        if (call.json) {
            if (call.args.has("--format")) {
                throw new UsageException("--json prints the post with both bodies; drop --format");
            }
            print(call.client.devlog(date));
            return OK;
        }
        final String format = call.args.has("--format") ? call.args.value("--format").toUpperCase(Locale.ROOT) : "MD";
        final DevlogPost.Format which;
        try {
            which = DevlogPost.Format.valueOf(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format must be md or mdx, got '" + call.args.value("--format") + "'");
        }
        final String text = call.client.devlog(date, which);
        out.print(text.endsWith("\n") ? text : text + "\n");
        return OK;
    }

    // --- helpers --------------------------------------------------------------------------------

    /** What one command works with: its arguments, the client, the output mode, the progress line. */
    private final class Call {
        final Args args;
        final boolean json;
        final BatonClient client;
        volatile Progress progress;

        Call(Args args) {
            this.args = args;
            this.json = args.has("--json");
            this.progress = Progress.none(err);
            this.client = client(args);
        }

        /** Shows a spinner with {@code text} on stderr, when stderr is a terminal. */
        void waiting(String text) {
            if (!tty) {
                return;
            }
            final Progress current = progress;
            if (current.enabled()) {
                current.say(text);
            } else {
                progress = new Progress(err, true, text);
            }
        }

        private BatonClient client(Args args) {
            final BatonClient.Builder builder = BatonClient.builder().fromEnvironment(env)
                    .onRetry((call, retry, delay, failure) -> waiting(call + ": " + failure + ", retrying"));
            if (args.has("--backlog")) {
                builder.backlog(url(args.value("--backlog"), "--backlog"));
            }
            if (args.has("--claims")) {
                builder.claims(url(args.value("--claims"), "--claims"));
            }
            if (args.has("--writer")) {
                builder.writer(url(args.value("--writer"), "--writer"));
            }
            builder.agent(args.has("--agent") ? args.value("--agent") : defaultAgent());
            if (args.has("--timeout")) {
                builder.requestTimeout(Duration.ofSeconds(positive(args.integer("--timeout"), "--timeout")));
            }
            final String deadline = args.has("--retry-deadline") ? args.value("--retry-deadline")
                    : env.get("BATON_RETRY_DEADLINE");
            if (deadline != null) {
                final int seconds;
                try {
                    seconds = Integer.parseInt(deadline.strip());
                } catch (NumberFormatException e) {
                    throw new UsageException("--retry-deadline must be a whole number of seconds, got '" + deadline
                            + "'");
                }
                if (seconds < 0) {
                    throw new UsageException("--retry-deadline must not be negative, got " + seconds);
                }
                builder.retry(RetryPolicy.defaults().withDeadline(Duration.ofSeconds(seconds)));
            }
            return builder.build();
        }
    }

    /** BATON_AGENT, else user@host: the same in every call from one shell, so next and complete agree. */
    private String defaultAgent() {
        final String named = env.get("BATON_AGENT");
        if (named != null && !named.isBlank()) {
            return named;
        }
        String user = env.getOrDefault("USER", System.getProperty("user.name", "cli"));
        if (user == null || user.isBlank()) {
            user = "cli";
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return user + "@" + host;
    }

    private static URI url(String value, String flag) {
        try {
            return URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " must be a URL such as http://127.0.0.1:8080, got '" + value + "'");
        }
    }

    private static int positive(Integer value, String flag) {
        if (value == null || value < 1) {
            throw new UsageException(flag + " must be at least 1, got " + value);
        }
        return value;
    }

    private static ItemState state(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ItemState.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--state must be one of " + Arrays.toString(ItemState.values()) + ", got '"
                    + value + "'");
        }
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("DATE must be YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static Instant instant(String value, String what) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException(what + " must be an ISO-8601 time such as 2026-03-01T09:00:00Z, got '" + value
                    + "'");
        }
    }

    private static List<String> strings(JsonNode node) {
        final List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private JsonNode parseJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private JsonNode readJson(String source, String flag) throws IOException {
        return parseJson(readText(source, flag), flag);
    }

    private String readText(String source, String flag) throws IOException {
        if (source.equals("-")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            return Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new UsageException(flag + ": no such file " + source);
        }
    }

    private void print(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void usage(PrintStream to) {
        to.println("Usage: ./baton <command> [flags]   (work with a running Baton)");
        to.println();
        for (Command c : commands.values()) {
            to.printf(Locale.ROOT, "  %-10s %s%n", c.name(), c.synopsis());
        }
        to.println();
        to.print(COMMON_HELP);
    }

    private void help(Command command, PrintStream to) {
        to.print(command.help());
        to.println();
        to.print(COMMON_HELP);
    }

    private static final String COMMON_HELP = """
            Every command:
              --json                 print JSON for scripts instead of a table
              --backlog URL          backlog service   [BATON_BACKLOG_URL, else http://127.0.0.1:$BATON_BACKLOG_PORT, :8080]
              --claims URL           claim-service     [BATON_CLAIM_URL,   else http://127.0.0.1:$BATON_CLAIM_PORT, :8081]
              --writer URL           writer service    [BATON_WRITER_URL,  else http://127.0.0.1:$BATON_WRITER_PORT, :8082]
              --agent NAME           the agent to claim as   [BATON_AGENT, else user@host]
              --timeout SECONDS      one attempt's time limit (a long poll adds its wait)   [30]
              --retry-deadline SECONDS
                                     keep retrying an unanswered call this long, with the same
                                     request id   [BATON_RETRY_DEADLINE, else 60]

            Exit status: 0 done, 1 error (no answer, or an unexpected one), 2 invalid (usage, or
            the service's 400), 3 nothing to do (next found no work), 4 rejected (409, or 404).
            """;
}
