package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Baton's HTTP API for Java: submit and inspect work on the backlog service, claim and report it
 * on the claim-service, read and publish devlogs on the writer service.
 *
 * <p>Every call either returns what the service answered or throws a {@link BatonException}:
 * {@link RejectedException} with a typed {@link Reason} (409, 404), {@link InvalidRequestException}
 * naming the field (400), {@link UnavailableException} once the retry deadline has passed without
 * an answer, {@link UnexpectedResponseException} for anything else.
 *
 * <p>Calls that got no answer are retried under the {@link RetryPolicy}, each attempt with the
 * same request id ({@code Idempotency-Key}): the service answers a repeat with the answer it
 * already gave, so a retried claim, completion or submission takes effect once. A caller that
 * retries on its own, across restarts, passes its own request id to the overloads that take one.
 *
 * <p>A service may be given as several instances ({@link Builder#claims(URI, URI...)}, or
 * comma-separated URLs in {@code BATON_CLAIM_URL}): a call that one instance does not answer goes
 * to the next at once, with the same request id, and later calls start there. Any instance answers
 * any call, and the request id makes a repeat on another instance take effect once.
 *
 * <p>Every call carries the client's bearer token ({@link Builder#token}, {@code BATON_TOKEN}), if
 * it has one; the services take the agent from the token's subject, which is the name this client
 * claims as unless another is given.
 *
 * <p>A client is immutable and thread-safe; share one per process.
 */
public final class BatonClient {

    private final Instances backlog;
    private final Instances claims;
    private final Instances writer;
    private final String agent;
    private final Http http;

    private BatonClient(Instances backlog, Instances claims, Instances writer, String agent, Http http) {
        this.backlog = backlog;
        this.claims = claims;
        this.writer = writer;
        this.agent = agent;
        this.http = http;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The agent name this client claims as. */
    public String agent() {
        return agent;
    }

    /** The backlog service's first instance. */
    public URI backlogUri() {
        return backlog.at(0);
    }

    /** The claim-service's first instance. */
    public URI claimsUri() {
        return claims.at(0);
    }

    /** The writer service's first instance. */
    public URI writerUri() {
        return writer.at(0);
    }

    /** Every instance of the backlog service this client may call, in the order it tries them. */
    public List<URI> backlogUris() {
        return backlog.all();
    }

    public List<URI> claimsUris() {
        return claims.all();
    }

    public List<URI> writerUris() {
        return writer.all();
    }

    public RetryPolicy retryPolicy() {
        return http.policy();
    }

    /** This client with another retry policy; shares the connection pool. */
    public BatonClient withRetry(RetryPolicy policy) {
        return new BatonClient(backlog, claims, writer, agent, http.withPolicy(Objects.requireNonNull(policy)));
    }

    /**
     * This client claiming as another agent, with the same token; shares the connection pool. The
     * services take the agent from the token, so this suits a token whose subject is {@code name}.
     */
    public BatonClient withAgent(String name) {
        return new BatonClient(backlog, claims, writer, checkAgent(name), http);
    }

    /**
     * This client sending {@code Authorization: Bearer token} on every call (none when null); shares
     * the connection pool. A server acting for many callers (the MCP server) forwards each caller's
     * own token this way.
     */
    public BatonClient withToken(String token) {
        return new BatonClient(
                backlog, claims, writer, agent, http.withToken(token == null ? null : checkToken(token)));
    }

    /** This client calling as another agent with that agent's own token; shares the connection pool. */
    public BatonClient withAgent(String name, String token) {
        return new BatonClient(backlog, claims, writer, checkAgent(name), http.withToken(checkToken(token)));
    }

    // --- backlog service ------------------------------------------------------------------------

    /** Submits one item; answers it (with {@code duplicate} true when its key had already made it). */
    public ItemView submit(NewItem item) {
        final String key = item.idempotencyKey() != null ? item.idempotencyKey() : newRequestId();
        return Wire.read(post(backlog, "/items", itemBody(item, false), key), ItemView.class);
    }

    /** Submits up to 1,000 items at once; one result per item, in order. */
    public List<SubmitResult> submitBatch(List<NewItem> items) {
        final ArrayNode body = Wire.MAPPER.createArrayNode();
        for (NewItem item : items) {
            // A key per item, made here when the caller gave none: a retried batch then repeats
            // the same submissions instead of creating its items twice.
            body.add(itemBody(item.idempotencyKey() != null ? item : item.idempotencyKey(newRequestId()), true));
        }
        final Http.Answer answer = post(backlog, "/items/batch", body, newRequestId());
        final List<SubmitResult> results = new ArrayList<>();
        for (JsonNode entry : Wire.tree(answer).path("results")) {
            final JsonNode problem = entry.path("problem");
            results.add(new SubmitResult(
                    entry.path("index").asInt(),
                    entry.path("status").asInt(),
                    entry.hasNonNull("item") ? Wire.convert(answer, entry.get("item"), ItemView.class) : null,
                    Wire.text(problem, "field", null),
                    Wire.text(problem, "detail", null)));
        }
        return results;
    }

    /** One item, as the read model shows it now. */
    public ItemView item(String id) {
        return Wire.read(get(backlog, "/items/" + segment(id), null), ItemView.class);
    }

    /**
     * One item once the read model shows at least {@code minEpoch} and/or {@code state}, waiting up
     * to {@code wait} (at most 60 s) for it: read your own write. Answers the item as it is when
     * the wait is over, whether or not it got there.
     */
    public ItemView awaitItem(String id, Long minEpoch, ItemState state, Duration wait) {
        final StringJoiner query = new StringJoiner("&");
        if (minEpoch != null) {
            query.add("minEpoch=" + minEpoch);
        }
        if (state != null) {
            query.add("state=" + state.name());
        }
        final long seconds = Math.max(0, Math.min(60, wait.toSeconds()));
        query.add("waitSeconds=" + seconds);
        return Wire.read(
                ok(http.send(
                        "GET",
                        backlog,
                        target("/items/" + segment(id), query.toString()),
                        null,
                        null,
                        JSON,
                        Duration.ofSeconds(seconds))),
                ItemView.class);
    }

    /** A page of the items that match; follow {@link ItemPage#nextCursor()} for the next. */
    public ItemPage items(ItemQuery query) {
        final StringJoiner params = new StringJoiner("&");
        param(params, "state", query.state() == null ? null : query.state().name());
        param(params, "type", query.type());
        param(params, "label", query.label());
        param(params, "owner", query.owner());
        param(params, "limit", query.limit() == null ? null : query.limit().toString());
        param(params, "cursor", query.cursor());
        return Wire.read(get(backlog, "/items", params.toString()), ItemPage.class);
    }

    /** The item's whole history, oldest first. */
    public List<ItemEvent> events(String id) {
        final Http.Answer answer = get(backlog, "/items/" + segment(id) + "/events", null);
        final List<ItemEvent> events = new ArrayList<>();
        for (JsonNode event : Wire.tree(answer).path("events")) {
            events.add(new ItemEvent(
                    Wire.text(event, "event", null),
                    Wire.text(event, "line", null),
                    Wire.instant(event, "at"),
                    Wire.state(event),
                    Wire.text(event, "agent", null),
                    event.hasNonNull("epoch") ? event.get("epoch").asLong() : null,
                    event));
        }
        return events;
    }

    /** Cancels a non-terminal item (an operator's call); its holder's later calls are refused {@code TERMINAL}. */
    public Ack cancel(String id, String reason) {
        final String query = reason == null ? null : "reason=" + encode(reason);
        return Wire.read(
                ok(http.send(
                        "DELETE",
                        backlog,
                        target("/items/" + segment(id), query),
                        null,
                        newRequestId(),
                        JSON,
                        Duration.ZERO)),
                Ack.class);
    }

    /** Puts a {@code DEAD} item back to {@code READY} with fresh attempts. */
    public Ack redrive(String id) {
        return Wire.read(post(backlog, "/items/" + segment(id) + "/redrive", null, newRequestId()), Ack.class);
    }

    // --- claim-service --------------------------------------------------------------------------

    /**
     * Claims the most urgent ready items of the wanted types; an empty list when none became
     * ready within the wait. The call waits up to {@code waitSeconds} for work on top of the
     * request timeout.
     */
    public List<Grant> next(Next next) {
        return next(next, newRequestId());
    }

    public List<Grant> next(Next next, String requestId) {
        final ObjectNode body = agentBody();
        final ArrayNode types = body.putArray("types");
        next.types().forEach(types::add);
        body.put("max", next.max());
        if (next.leaseSeconds() != null) {
            body.put("leaseSeconds", next.leaseSeconds());
        }
        body.put("waitSeconds", next.waitSeconds());
        final Http.Answer answer = ok(http.send(
                "POST",
                claims,
                target("/claims/next", null),
                Wire.bytes(body),
                requestId,
                JSON,
                Duration.ofSeconds(Math.max(0, next.waitSeconds()))));
        if (answer.status() == 204) {
            return List.of();
        }
        final List<Grant> grants = new ArrayList<>();
        for (JsonNode grant : Wire.tree(answer).path("claims")) {
            grants.add(Wire.convert(answer, grant, Grant.class));
        }
        return grants;
    }

    /** Claims one item by id, under the item's own lease or the service's default. */
    public Grant claim(String itemId) {
        return claim(itemId, null, newRequestId());
    }

    public Grant claim(String itemId, Integer leaseSeconds) {
        return claim(itemId, leaseSeconds, newRequestId());
    }

    public Grant claim(String itemId, Integer leaseSeconds, String requestId) {
        final ObjectNode body = agentBody();
        if (leaseSeconds != null) {
            body.put("leaseSeconds", leaseSeconds);
        }
        return Wire.read(post(claims, "/claims/" + segment(itemId), body, requestId), Grant.class);
    }

    /**
     * Extends the lease (by the grant's length, or {@code leaseSeconds}) and records
     * {@code progress}; both may be null. Refused with {@code STALE_EPOCH}, {@code NOT_OWNER} or
     * {@code TERMINAL} once the lease is lost (see {@link Reason#leaseLost()}).
     */
    public Ack heartbeat(String itemId, long epoch, String progress, Integer leaseSeconds) {
        return heartbeat(itemId, epoch, progress, leaseSeconds, newRequestId());
    }

    public Ack heartbeat(String itemId, long epoch, String progress, Integer leaseSeconds, String requestId) {
        final ObjectNode body = holderBody(epoch);
        if (progress != null) {
            body.put("progress", progress);
        }
        if (leaseSeconds != null) {
            body.put("leaseSeconds", leaseSeconds);
        }
        return Wire.read(post(claims, "/claims/" + segment(itemId) + "/heartbeat", body, requestId), Ack.class);
    }

    /** Completes the item with its result. */
    public Ack complete(String itemId, long epoch, Result result) {
        return complete(itemId, epoch, result, newRequestId());
    }

    public Ack complete(String itemId, long epoch, Result result, String requestId) {
        final ObjectNode body = holderBody(epoch);
        if (result != null) {
            body.set("result", Wire.toTree(result));
        }
        return Wire.read(post(claims, "/claims/" + segment(itemId) + "/complete", body, requestId), Ack.class);
    }

    /**
     * Reports a failure. A {@code retryable} one puts the item back after a backoff ({@code WAITING})
     * until its attempts are used up; a non-retryable one makes it {@code DEAD} at once.
     */
    public Ack fail(String itemId, long epoch, String error, boolean retryable) {
        return fail(itemId, epoch, error, retryable, newRequestId());
    }

    public Ack fail(String itemId, long epoch, String error, boolean retryable, String requestId) {
        final ObjectNode body = holderBody(epoch);
        if (error != null) {
            body.put("error", error);
        }
        body.put("retryable", retryable);
        return Wire.read(post(claims, "/claims/" + segment(itemId) + "/fail", body, requestId), Ack.class);
    }

    /** Gives the item back at once ({@code READY}); no attempt is counted. */
    public Ack release(String itemId, long epoch, String reason) {
        return release(itemId, epoch, reason, newRequestId());
    }

    public Ack release(String itemId, long epoch, String reason, String requestId) {
        final ObjectNode body = holderBody(epoch);
        if (reason != null) {
            body.put("reason", reason);
        }
        return Wire.read(post(claims, "/claims/" + segment(itemId) + "/release", body, requestId), Ack.class);
    }

    /**
     * Heartbeats several held items in one call, each answered on its own, in order. Up to 100
     * items; the call's request id makes a retry get the first answers, and each item is decided
     * under {@code requestId#itemId}.
     */
    public List<HeldResult> heartbeatAll(List<Held.Heartbeat> items) {
        return heartbeatAll(items, newRequestId());
    }

    public List<HeldResult> heartbeatAll(List<Held.Heartbeat> items, String requestId) {
        return holderBatch("/batches/heartbeats", items, requestId, (item, part) -> {
            if (item.progress() != null) {
                part.put("progress", item.progress());
            }
            if (item.leaseSeconds() != null) {
                part.put("leaseSeconds", item.leaseSeconds());
            }
        });
    }

    /** Completes several held items in one call, each with its result; one result per item, in order. */
    public List<HeldResult> completeAll(List<Held.Completion> items) {
        return completeAll(items, newRequestId());
    }

    public List<HeldResult> completeAll(List<Held.Completion> items, String requestId) {
        return holderBatch("/batches/completions", items, requestId, (item, part) -> {
            if (item.result() != null) {
                part.set("result", Wire.toTree(item.result()));
            }
        });
    }

    /** Reports the failure of several held items in one call; one result per item, in order. */
    public List<HeldResult> failAll(List<Held.Failure> items) {
        return failAll(items, newRequestId());
    }

    public List<HeldResult> failAll(List<Held.Failure> items, String requestId) {
        return holderBatch("/batches/failures", items, requestId, (item, part) -> {
            if (item.error() != null) {
                part.put("error", item.error());
            }
            part.put("retryable", item.retryable());
        });
    }

    /** Gives several held items back in one call; one result per item, in order. */
    public List<HeldResult> releaseAll(List<Held.Release> items) {
        return releaseAll(items, newRequestId());
    }

    public List<HeldResult> releaseAll(List<Held.Release> items, String requestId) {
        return holderBatch("/batches/releases", items, requestId, (item, part) -> {
            if (item.reason() != null) {
                part.put("reason", item.reason());
            }
        });
    }

    private <H extends Held> List<HeldResult> holderBatch(
            String path, List<H> items, String requestId, BiConsumer<H, ObjectNode> fields) {
        final ObjectNode body = agentBody();
        final ArrayNode parts = body.putArray("items");
        for (H item : items) {
            final ObjectNode part = parts.addObject();
            part.put("itemId", item.itemId());
            part.put("epoch", item.epoch());
            fields.accept(item, part);
        }
        final Http.Answer answer = post(claims, path, body, requestId);
        final List<HeldResult> results = new ArrayList<>();
        for (JsonNode entry : Wire.tree(answer).path("results")) {
            final JsonNode problem = entry.path("problem");
            results.add(new HeldResult(
                    entry.path("index").asInt(),
                    Wire.text(entry, "itemId", null),
                    Wire.text(entry, "requestId", null),
                    entry.hasNonNull("accepted") ? Wire.convert(answer, entry.get("accepted"), Ack.class) : null,
                    entry.hasNonNull("accepted")
                            ? null
                            : Wire.rejection(
                                    entry.path("status").asInt(), problem, Wire.text(problem, "detail", null))));
        }
        return results;
    }

    // --- writer service -------------------------------------------------------------------------

    /** The devlog posts the writer has published. */
    public List<DevlogPost> devlogs() {
        final Http.Answer answer = get(writer, "/devlogs", null);
        JsonNode list = Wire.tree(answer);
        if (list.isObject()) {
            list = list.has("posts") ? list.get("posts") : list.path("devlogs");
        }
        final List<DevlogPost> posts = new ArrayList<>();
        for (JsonNode post : list) {
            posts.add(Wire.convert(answer, post, DevlogPost.class));
        }
        return posts;
    }

    /** The devlog post of {@code date}, with both bodies. */
    public DevlogPost devlog(LocalDate date) {
        return Wire.read(get(writer, "/devlogs/" + date, null), DevlogPost.class);
    }

    /** The devlog post of {@code date} in one format, as text. */
    public String devlog(LocalDate date, DevlogPost.Format format) {
        final String name = format.name().toLowerCase(Locale.ROOT);
        return ok(http.send(
                        "GET",
                        writer,
                        target("/devlogs/" + date, "format=" + name),
                        null,
                        null,
                        "text/markdown, text/plain, */*",
                        Duration.ZERO))
                .text();
    }

    /**
     * Writes and publishes the devlog post of {@code date} now, and answers it; its
     * {@code newVersion()} says whether this call made a new version or found the post unchanged.
     */
    public DevlogPost publishDevlog(LocalDate date) {
        final Http.Answer answer = post(writer, "/devlogs/" + date + "/publish", null, newRequestId());
        return Wire.read(answer, DevlogPost.class).withNewVersion(answer.status() == 201);
    }

    // --- plumbing -------------------------------------------------------------------------------

    private static final String JSON = "application/json";

    /** A fresh request id; all attempts of one call share it. */
    public static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    private ObjectNode agentBody() {
        final ObjectNode body = Wire.object();
        body.put("agent", agent);
        return body;
    }

    private ObjectNode holderBody(long epoch) {
        final ObjectNode body = agentBody();
        body.put("epoch", epoch);
        return body;
    }

    private static ObjectNode itemBody(NewItem item, boolean withKey) {
        final ObjectNode body = Wire.object();
        body.put("type", item.type());
        body.put("title", item.title());
        if (item.payload() != null) {
            body.set("payload", item.payload());
        }
        if (item.priority() != null) {
            body.put("priority", item.priority());
        }
        if (!item.labels().isEmpty()) {
            body.set("labels", Wire.toTree(item.labels()));
        }
        if (item.maxAttempts() != null) {
            body.put("maxAttempts", item.maxAttempts());
        }
        if (item.leaseSeconds() != null) {
            body.put("leaseSeconds", item.leaseSeconds());
        }
        if (item.notBefore() != null) {
            body.put("notBefore", item.notBefore().toString());
        }
        if (!item.dependsOn().isEmpty()) {
            body.set("dependsOn", Wire.toTree(item.dependsOn()));
        }
        if (withKey && item.idempotencyKey() != null) {
            body.put("idempotencyKey", item.idempotencyKey());
        }
        return body;
    }

    private Http.Answer get(Instances base, String path, String query) {
        return ok(http.send("GET", base, target(path, query), null, null, JSON, Duration.ZERO));
    }

    private Http.Answer post(Instances base, String path, JsonNode body, String requestId) {
        return ok(http.send(
                "POST",
                base,
                target(path, null),
                body == null ? null : Wire.bytes(body),
                Objects.requireNonNull(requestId, "requestId"),
                JSON,
                Duration.ZERO));
    }

    /** The answer if it is a success; the typed exception otherwise. */
    private static Http.Answer ok(Http.Answer answer) {
        if (answer.ok()) {
            return answer;
        }
        if (Http.retryable(answer.status())) {
            throw new UnavailableException(
                    answer.call() + " answered " + answer.status(), answer.status(), 1, Duration.ZERO, null);
        }
        throw Wire.failure(answer);
    }

    /** A path with its query, as {@link Http#send} puts it after an instance's base URL. */
    private static String target(String path, String query) {
        return path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static void param(StringJoiner params, String name, String value) {
        if (value != null && !value.isEmpty()) {
            params.add(name + "=" + encode(value));
        }
    }

    private static String segment(String value) {
        Objects.requireNonNull(value, "id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an item id must not be blank");
        }
        return encode(value);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String checkToken(String value) {
        if (value == null || value.isBlank() || value.strip().chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("a token is one word of printable ASCII (a JWT), got none or more");
        }
        return value.strip();
    }

    private static String checkAgent(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the agent name must not be blank");
        }
        return name.strip();
    }

    /** Builds a client. Every setting has a default that reaches a local {@code ./baton up}. */
    public static final class Builder {

        private Instances backlog = Instances.of("backlog", URI.create("http://127.0.0.1:8080"));
        private Instances claims = Instances.of("claims", URI.create("http://127.0.0.1:8081"));
        private Instances writer = Instances.of("writer", URI.create("http://127.0.0.1:8082"));
        private String agent;
        private String token;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private RetryPolicy retry = RetryPolicy.defaults();
        private RetryListener listener;

        private Builder() {}

        /** The backlog service (submissions, the read model); default {@code http://127.0.0.1:8080}. */
        public Builder backlog(URI value) {
            backlog = Instances.of("backlog", value);
            return this;
        }

        /**
         * Several instances of the backlog service: calls go to one, and move to the next, with
         * the same request id, when it does not answer (refused, reset, timed out, 502/503/504).
         */
        public Builder backlog(URI first, URI... more) {
            backlog = Instances.of("backlog", first, more);
            return this;
        }

        /** The instances of the backlog service as a list (from configuration), in the order they are tried. */
        public Builder backlog(List<URI> instances) {
            backlog = new Instances("backlog", instances);
            return this;
        }

        /** The claim-service (the agent API); default {@code http://127.0.0.1:8081}. */
        public Builder claims(URI value) {
            claims = Instances.of("claims", value);
            return this;
        }

        /** Several instances of the claim-service, tried in turn as {@link #backlog(URI, URI...)} says. */
        public Builder claims(URI first, URI... more) {
            claims = Instances.of("claims", first, more);
            return this;
        }

        /** The instances of the claim service as a list (from configuration), in the order they are tried. */
        public Builder claims(List<URI> instances) {
            claims = new Instances("claims", instances);
            return this;
        }

        /** The writer service (devlogs); default {@code http://127.0.0.1:8082}. */
        public Builder writer(URI value) {
            writer = Instances.of("writer", value);
            return this;
        }

        /** Several instances of the writer service, tried in turn as {@link #backlog(URI, URI...)} says. */
        public Builder writer(URI first, URI... more) {
            writer = Instances.of("writer", first, more);
            return this;
        }

        /** The instances of the writer service as a list (from configuration), in the order they are tried. */
        public Builder writer(List<URI> instances) {
            writer = new Instances("writer", instances);
            return this;
        }

        /** The name this client claims as; default {@code <host>-<pid>}. */
        public Builder agent(String value) {
            agent = checkAgent(value);
            return this;
        }

        /**
         * The bearer token every call carries (docs/security.md); the agent's name defaults to its
         * subject. None by default; {@link #fromEnvironment} takes {@code BATON_TOKEN}.
         */
        public Builder token(String value) {
            token = checkToken(value);
            return this;
        }

        /** How long one attempt may take before it counts as unanswered (a long poll adds its wait); default 30 s. */
        public Builder requestTimeout(Duration value) {
            requestTimeout = positive(value, "requestTimeout");
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        public Builder retry(RetryPolicy value) {
            retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        public Builder onRetry(RetryListener value) {
            listener = value;
            return this;
        }

        /**
         * Takes the services and the agent from environment variables, where set:
         * {@code BATON_BACKLOG_URL}, {@code BATON_CLAIM_URL}, {@code BATON_WRITER_URL} (each one URL
         * or several, comma-separated: the instances of the service), else
         * {@code http://127.0.0.1:} {@code BATON_BACKLOG_PORT}, {@code BATON_CLAIM_PORT},
         * {@code BATON_WRITER_PORT} (the ports {@code ./baton up} takes); {@code BATON_AGENT}; and
         * {@code BATON_TOKEN}.
         */
        public Builder fromEnvironment() {
            return fromEnvironment(System.getenv());
        }

        public Builder fromEnvironment(Map<String, String> env) {
            final List<URI> backlogUris = service(env, "BATON_BACKLOG_URL", "BATON_BACKLOG_PORT");
            final List<URI> claimsUris = service(env, "BATON_CLAIM_URL", "BATON_CLAIM_PORT");
            final List<URI> writerUris = service(env, "BATON_WRITER_URL", "BATON_WRITER_PORT");
            if (backlogUris != null) {
                backlog = new Instances("backlog", backlogUris);
            }
            if (claimsUris != null) {
                claims = new Instances("claims", claimsUris);
            }
            if (writerUris != null) {
                writer = new Instances("writer", writerUris);
            }
            final String name = env.get("BATON_AGENT");
            if (name != null && !name.isBlank()) {
                agent(name);
            }
            final String bearer = env.get("BATON_TOKEN");
            if (bearer != null && !bearer.isBlank()) {
                token(bearer);
            }
            return this;
        }

        public BatonClient build() {
            final HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .build();
            return new BatonClient(
                    backlog,
                    claims,
                    writer,
                    agent != null
                            ? agent
                            : token != null && Tokens.subject(token) != null ? Tokens.subject(token) : defaultAgent(),
                    new Http(client, requestTimeout, retry, listener, token));
        }

        private static List<URI> service(Map<String, String> env, String urlVariable, String portVariable) {
            final String url = env.get(urlVariable);
            if (url != null && !url.isBlank()) {
                return Instances.parse(url, urlVariable);
            }
            final String port = env.get(portVariable);
            if (port != null && !port.isBlank()) {
                if (!port.strip().matches("[1-9][0-9]{0,4}") || Integer.parseInt(port.strip()) > 65535) {
                    throw new IllegalArgumentException(
                            portVariable + " must be a port number (1-65535), got '" + port + "'");
                }
                return List.of(URI.create("http://127.0.0.1:" + port.strip()));
            }
            return null;
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }

        private static String defaultAgent() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid();
        }
    }
}
