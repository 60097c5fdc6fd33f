package dev.baton.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.identity.TokenMinter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Drives a running Baton (started with {@code ./baton up}) over HTTP the way agents do: submit
 * items, then many concurrent agents loop claim-next and complete until the backlog is drained
 * (an agent granted several items completes them in one {@code POST /batches/completions}, unless
 * {@code --completes single}).
 * Prints throughput and claim latency, checks that every item was completed exactly once and
 * that no completion was accepted under a stale epoch, and runs the fencing scenario (an agent
 * that stops heartbeating loses its item; its late complete is refused).
 *
 * <pre>
 * java -jar infra/bench/target/bench-*.jar [--items 1000] [--agents 32] [--batch 1] [--rate 0] [--data-dir data]
 *     [--preload 0] [--probes 200] [--completes batch|single]
 *     [--backlog http://127.0.0.1:8080] [--claims http://127.0.0.1:8081] [--no-fencing]
 *     [--backlog-type TYPE] [--kafka 127.0.0.1:9092 [--floor-items 50000]]
 * </pre>
 * With {@code --kafka}, the run ends with the floor ({@link StreamsFloor}) on that broker and
 * prints Baton's items/s as a ratio to it.
 * {@code --backlog} and {@code --claims} may name several instances, comma-separated: a call one
 * does not answer (refused, reset, timed out, 502/503/504) goes to the next with the same request id.
 * With {@code --preload N}, N ready items of a type of their own are first submitted in batches
 * and left in the backlog: the drain then runs beside a backlog of N, and the read model's
 * {@code /stats}, a page of {@code /items} and {@code /items/{id}} are timed ({@code --probes}
 * calls each) before and after it; {@code --backlog-type} probes a backlog an earlier run preloaded.
 * Exit code 0 when every check held, 1 otherwise.
 */
public final class ClaimBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** The first instance of each service: every call is addressed there and moves on when unanswered. */
    private final String backlog;

    private final String claims;
    private final List<Instances> services;
    /** Each agent's token: minted for it from the stack's key pair, else BATON_TOKEN for every call. */
    private final Function<String, String> tokens;

    private ClaimBench(Instances backlog, Instances claims, Function<String, String> tokens) {
        this.backlog = backlog.first();
        this.claims = claims.first();
        this.services = List.of(backlog, claims);
        this.tokens = tokens;
    }

    /** The base URLs of one service's instances, in the order a call tries them. */
    record Instances(List<String> bases) {

        static Instances parse(String urls) {
            final List<String> bases = new ArrayList<>();
            for (String url : urls.split(",", -1)) {
                if (url.isBlank()) {
                    throw new IllegalArgumentException("an empty URL in '" + urls + "'");
                }
                bases.add(url.strip().replaceAll("/+$", ""));
            }
            return new Instances(List.copyOf(bases));
        }

        String first() {
            return bases.get(0);
        }

        /** The instance {@code url} is addressed to, or -1 when it is not one of these. */
        int indexOf(String url) {
            for (int i = 0; i < bases.size(); i++) {
                if (url.startsWith(bases.get(i) + "/")) {
                    return i;
                }
            }
            return -1;
        }

        /** {@code url} addressed to the instance after {@code index}. */
        String moved(String url, int index) {
            return bases.get((index + 1) % bases.size())
                    + url.substring(bases.get(index).length());
        }
    }

    /**
     * The services take the agent from the token, so each simulated agent needs its own: on a local
     * stack the bench mints them ({@code --data-dir}, else BATON_DATA_DIR, else ./data); with
     * BATON_TOKEN set every call carries it, and acts as its subject.
     */
    private static Function<String, String> tokens(Map<String, String> flags) {
        final String given = System.getenv("BATON_TOKEN");
        if (given != null && !given.isBlank()) {
            return agent -> given.strip();
        }
        final Path dataDir =
                Path.of(flags.getOrDefault("data-dir", System.getenv().getOrDefault("BATON_DATA_DIR", "data")));
        final TokenMinter minter = LocalIdentity.find(dataDir)
                .orElseThrow(() -> new IllegalStateException(
                        "no BATON_TOKEN and no key pair in " + dataDir.resolve("identity") + "; pass --data-dir"))
                .minter();
        final Map<String, String> minted = new ConcurrentHashMap<>();
        return agent -> minted.computeIfAbsent(
                agent,
                name -> minter.mint(name, List.of(Role.AGENT, Role.SUBMITTER, Role.READER), Duration.ofHours(2)));
    }

    public static void main(String[] args) throws Exception {
        final Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-fencing")) {
                flags.put("no-fencing", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                flags.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("unknown argument " + args[i]);
                System.exit(2);
            }
        }
        final ClaimBench bench = new ClaimBench(
                Instances.parse(flags.getOrDefault("backlog", "http://127.0.0.1:8080")),
                Instances.parse(flags.getOrDefault("claims", "http://127.0.0.1:8081")),
                tokens(flags));
        final int preload = Integer.parseInt(flags.getOrDefault("preload", "0"));
        final int probes = Integer.parseInt(flags.getOrDefault("probes", "200"));
        // --backlog-type names the type of a backlog an earlier run preloaded: probe it again, load nothing.
        String backlogType = flags.get("backlog-type");
        if (preload > 0) {
            backlogType = bench.preload(preload);
        }
        if (backlogType != null) {
            bench.probe(backlogType, probes);
        }
        final int items = Integer.parseInt(flags.getOrDefault("items", "1000"));
        boolean ok = bench.drain(
                items,
                Integer.parseInt(flags.getOrDefault("agents", "32")),
                Integer.parseInt(flags.getOrDefault("batch", "1")),
                Double.parseDouble(flags.getOrDefault("rate", "0")),
                !flags.getOrDefault("completes", "batch").equals("single"));
        if (backlogType != null) {
            bench.probe(backlogType, probes);
        }
        if (!flags.containsKey("no-fencing")) {
            ok &= bench.fencing();
        }
        if (flags.containsKey("kafka")) {
            // The floor on the same broker, after Baton's run: what the same decisions cost bare.
            final StreamsFloor.Figures floor = new StreamsFloor(flags.get("kafka"))
                    .run(Integer.parseInt(flags.getOrDefault("floor-items", "50000")));
            System.out.println(StreamsFloor.describe(floor));
            System.out.printf(
                    Locale.ROOT,
                    "baton / floor     %.0f / %.0f items/s = %.3f%n",
                    bench.completesPerSecond,
                    floor.itemsPerSecond(),
                    bench.completesPerSecond / floor.itemsPerSecond());
            ok &= floor.rejected() == 0;
        }
        System.out.println(ok ? "RESULT: all checks held" : "RESULT: a check FAILED");
        System.exit(ok ? 0 : 1);
    }

    /** Items completed per second in the last drain (claimed and completed, submission aside). */
    private double completesPerSecond;

    private boolean drain(int itemCount, int agents, int batch, double rate, boolean batchCompletes) throws Exception {
        final String type = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf(Locale.ROOT, "submitting %d items of type %s ...%n", itemCount, type);
        final List<String> ids = submitAll(type, itemCount);

        final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
        ids.forEach(id -> completions.put(id, new AtomicInteger()));
        final AtomicInteger done = new AtomicInteger();
        final AtomicLong claimed = new AtomicLong();
        final AtomicLong emptyNext = new AtomicLong();
        final AtomicLong rejectedCompletes = new AtomicLong();
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final long perAgentIntervalNanos = rate > 0 ? (long) (1e9 * agents / rate) : 0;
        final long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();

        System.out.printf(
                Locale.ROOT,
                "draining with %d agents (batch %d, %s completes, rate %s) ...%n",
                agents,
                batch,
                batchCompletes ? "batched" : "single",
                rate > 0 ? rate + " claims/s" : "unpaced");
        final ExecutorService pool = Executors.newFixedThreadPool(agents);
        final long start = System.nanoTime();
        final List<Future<?>> running = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            final String agent = "bench-agent-" + a;
            running.add(pool.submit(() -> {
                long next = System.nanoTime();
                while (done.get() < itemCount && System.nanoTime() < deadline) {
                    if (perAgentIntervalNanos > 0) {
                        final long wait = next - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        next += perAgentIntervalNanos;
                    }
                    final long t0 = System.nanoTime();
                    final HttpResponse<String> answer = post(
                            claims + "/claims/next",
                            Map.of("agent", agent, "types", List.of(type), "max", batch, "waitSeconds", 1));
                    final long took = System.nanoTime() - t0;
                    if (answer.statusCode() == 204) {
                        emptyNext.incrementAndGet();
                        continue;
                    }
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("next answered " + answer.statusCode() + ": " + answer.body());
                    }
                    latencies.add(took);
                    final JsonNode grants = JSON.readTree(answer.body()).get("claims");
                    claimed.addAndGet(grants.size());
                    if (batchCompletes && grants.size() > 1) {
                        // Several grants: one call completes them all, each answered on its own.
                        final List<Map<String, Object>> items = new ArrayList<>();
                        for (JsonNode grant : grants) {
                            items.add(Map.of(
                                    "itemId",
                                    grant.get("itemId").asText(),
                                    "epoch",
                                    grant.get("epoch").asLong(),
                                    "result",
                                    Map.of("summary", "benchmarked", "tags", List.of("bench"))));
                        }
                        final HttpResponse<String> completed =
                                post(claims + "/batches/completions", Map.of("agent", agent, "items", items));
                        if (completed.statusCode() != 200) {
                            throw new IllegalStateException(
                                    "completions answered " + completed.statusCode() + ": " + completed.body());
                        }
                        for (JsonNode result : JSON.readTree(completed.body()).get("results")) {
                            if (result.path("status").asInt() == 200) {
                                completions.get(result.get("itemId").asText()).incrementAndGet();
                                done.incrementAndGet();
                            } else {
                                rejectedCompletes.incrementAndGet();
                            }
                        }
                        continue;
                    }
                    for (JsonNode grant : grants) {
                        final String id = grant.get("itemId").asText();
                        final HttpResponse<String> completed = post(
                                claims + "/claims/" + id + "/complete",
                                Map.of(
                                        "agent",
                                        agent,
                                        "epoch",
                                        grant.get("epoch").asLong(),
                                        "result",
                                        Map.of("summary", "benchmarked", "tags", List.of("bench"))));
                        if (completed.statusCode() == 200) {
                            completions.get(id).incrementAndGet();
                            done.incrementAndGet();
                        } else {
                            rejectedCompletes.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        final double seconds = (System.nanoTime() - start) / 1e9;

        final long[] sorted =
                latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        final long exactlyOnce =
                completions.values().stream().filter(c -> c.get() == 1).count();
        final long twice =
                completions.values().stream().filter(c -> c.get() > 1).count();
        System.out.printf(Locale.ROOT, "%n== drain: %d items, %d agents, batch %d ==%n", itemCount, agents, batch);
        System.out.printf(Locale.ROOT, "elapsed           %.2f s%n", seconds);
        System.out.printf(Locale.ROOT, "claims/s          %.0f%n", claimed.get() / seconds);
        completesPerSecond = done.get() / seconds;
        System.out.printf(Locale.ROOT, "complete/s        %.0f%n", completesPerSecond);
        System.out.printf(
                Locale.ROOT,
                "claim latency     p50 %.1f ms   p99 %.1f ms   p99.9 %.1f ms   max %.1f ms"
                        + "   (%d calls that returned work; %d empty polls)%n",
                pct(sorted, 50),
                pct(sorted, 99),
                pct(sorted, 99.9),
                pct(sorted, 100),
                sorted.length,
                emptyNext.get());
        System.out.printf(Locale.ROOT, "completed once    %d of %d%n", exactlyOnce, itemCount);
        System.out.printf(Locale.ROOT, "completed twice   %d%n", twice);
        System.out.printf(Locale.ROOT, "refused completes %d%n", rejectedCompletes.get());
        return exactlyOnce == itemCount && twice == 0;
    }

    /**
     * Submits {@code count} ready items of a new type in batches of a thousand, four batches in
     * flight, and waits until the read model counts them all; returns the type.
     */
    private String preload(int count) throws Exception {
        final String type = "backlog-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf(Locale.ROOT, "preloading %d items of type %s in batches ...%n", count, type);
        final int perBatch = 1_000;
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final long start = System.nanoTime();
        final List<Future<?>> batches = new ArrayList<>();
        for (int from = 0; from < count; from += perBatch) {
            final int first = from;
            final int size = Math.min(perBatch, count - from);
            batches.add(pool.submit(() -> {
                final List<Map<String, Object>> items = new ArrayList<>();
                for (int i = first; i < first + size; i++) {
                    // Keyed, so a batch sent again after a 503 names the same items instead of adding more.
                    items.add(Map.of(
                            "type",
                            type,
                            "title",
                            "backlog item " + i,
                            "priority",
                            i % 10,
                            "idempotencyKey",
                            type + "-" + i));
                }
                HttpResponse<String> answer = post(backlog + "/items/batch", Map.of("items", items));
                for (int tries = 1; answer.statusCode() == 503 && tries < 5; tries++) {
                    answer = post(backlog + "/items/batch", Map.of("items", items));
                }
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("batch answered " + answer.statusCode() + ": " + answer.body());
                }
                for (JsonNode result : JSON.readTree(answer.body()).get("results")) {
                    if (result.get("status").asInt() != 201
                            && result.get("status").asInt() != 200) {
                        throw new IllegalStateException("an item of a batch was refused: " + result);
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            // A failed batch ends the run: the others are not waited for, nor is the JVM kept up by their threads.
            pool.shutdownNow();
        }
        final double submitted = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT, "submitted         %d in %.1f s (%.0f items/s)%n", count, submitted, count / submitted);
        long counted = 0;
        final long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (counted < count && System.nanoTime() < deadline) {
            final JsonNode stats = JSON.readTree(get(backlog + "/stats").body());
            counted = stats.path("byType").path(type).path("READY").asLong();
            if (counted < count) {
                TimeUnit.SECONDS.sleep(1); // polling a live system, not synchronizing a test
            }
        }
        System.out.printf(
                Locale.ROOT,
                "read model shows  %d of %d after %.1f s%n",
                counted,
                count,
                (System.nanoTime() - start) / 1e9);
        return type;
    }

    /** Times the read model's answers with the preloaded backlog in it: the stats, a page, one item. */
    private void probe(String type, int calls) throws Exception {
        final JsonNode page = JSON.readTree(
                get(backlog + "/items?state=READY&type=" + type + "&limit=50").body());
        final List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        System.out.printf(Locale.ROOT, "%n== read model with the backlog (%d calls each) ==%n", calls);
        timed("GET /stats", calls, i -> backlog + "/stats");
        timed("GET /items?state=READY&limit=50", calls, i -> backlog + "/items?state=READY&limit=50");
        timed("GET /items?type=..&limit=50", calls, i -> backlog + "/items?type=" + type + "&limit=50");
        if (!ids.isEmpty()) {
            timed("GET /items/{id}", calls, i -> backlog + "/items/" + ids.get(i % ids.size()));
        }
    }

    private void timed(String what, int calls, java.util.function.IntFunction<String> url) throws Exception {
        final long[] took = new long[calls];
        for (int i = 0; i < calls; i++) {
            final long t0 = System.nanoTime();
            final HttpResponse<String> answer = get(url.apply(i));
            took[i] = System.nanoTime() - t0;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
            }
        }
        java.util.Arrays.sort(took);
        System.out.printf(
                Locale.ROOT,
                "%-34s p50 %.1f ms   p99 %.1f ms   max %.1f ms%n",
                what,
                pct(took, 50),
                pct(took, 99),
                pct(took, 100));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(
                url,
                address -> HttpRequest.newBuilder(URI.create(address))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + tokens.apply("bench"))
                        .GET()
                        .build());
    }

    /**
     * Sends the request to the instance its URL names; one that does not answer is left for the next
     * instance of its service, each once, with the same request (and so the same request id).
     */
    private HttpResponse<String> send(String url, Function<String, HttpRequest> request)
            throws IOException, InterruptedException {
        final Instances service =
                services.stream().filter(s -> s.indexOf(url) >= 0).findFirst().orElse(new Instances(List.of()));
        String address = url;
        for (int tried = 1; ; tried++) {
            final int index = service.indexOf(address);
            final boolean more = index >= 0 && tried < service.bases().size();
            try {
                final HttpResponse<String> answer =
                        http.send(request.apply(address), HttpResponse.BodyHandlers.ofString());
                final int status = answer.statusCode();
                if (!more || status != 502 && status != 503 && status != 504) {
                    return answer;
                }
            } catch (IOException e) {
                if (!more) {
                    throw e;
                }
            }
            address = service.moved(address, index);
        }
    }

    /** An agent that stops heartbeating loses its item to another; its late complete is refused. */
    private boolean fencing() throws Exception {
        System.out.printf(Locale.ROOT, "%n== fencing: a silent holder loses its item ==%n");
        final String type = "fence-" + UUID.randomUUID().toString().substring(0, 8);
        final String id = submitAll(type, 1).get(0);
        final JsonNode first =
                JSON.readTree(post(claims + "/claims/" + id, Map.of("agent", "sleepy", "leaseSeconds", 2))
                        .body());
        final long staleEpoch = first.get("epoch").asLong();
        System.out.printf(
                Locale.ROOT,
                "sleepy holds %s at epoch %d until %s, and goes silent%n",
                id,
                staleEpoch,
                first.get("leaseUntil").asText());
        HttpResponse<String> taken;
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            taken = post(claims + "/claims/" + id, Map.of("agent", "thief", "leaseSeconds", 30));
            if (taken.statusCode() != 200) {
                TimeUnit.MILLISECONDS.sleep(200); // polling a live system, not synchronizing a test
            }
        } while (taken.statusCode() != 200 && System.nanoTime() < deadline);
        final long epoch = JSON.readTree(taken.body()).path("epoch").asLong();
        System.out.printf(Locale.ROOT, "thief claims it at epoch %d after the lease ran out%n", epoch);
        final HttpResponse<String> late = post(
                claims + "/claims/" + id + "/complete",
                Map.of("agent", "sleepy", "epoch", staleEpoch, "result", Map.of("summary", "too late")));
        final String reason = JSON.readTree(late.body()).path("reason").asText();
        System.out.printf(Locale.ROOT, "sleepy's late complete: %d %s%n", late.statusCode(), reason);
        final HttpResponse<String> lateBatch = post(
                claims + "/batches/completions",
                Map.of("agent", "sleepy", "items", List.of(Map.of("itemId", id, "epoch", staleEpoch))));
        final String batchReason =
                JSON.readTree(lateBatch.body()).at("/results/0/problem/reason").asText();
        System.out.printf(
                Locale.ROOT, "sleepy's late batch complete: %d, item %s%n", lateBatch.statusCode(), batchReason);
        final HttpResponse<String> mine = post(
                claims + "/claims/" + id + "/complete",
                Map.of("agent", "thief", "epoch", epoch, "result", Map.of("summary", "done")));
        System.out.printf(Locale.ROOT, "thief's complete: %d%n", mine.statusCode());
        return taken.statusCode() == 200
                && epoch == staleEpoch + 1
                && late.statusCode() == 409
                && "STALE_EPOCH".equals(reason)
                && lateBatch.statusCode() == 200
                && "STALE_EPOCH".equals(batchReason)
                && mine.statusCode() == 200;
    }

    private List<String> submitAll(String type, int count) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(16);
        final List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int n = i;
            ids.add(pool.submit(() -> {
                final HttpResponse<String> created =
                        post(backlog + "/items", Map.of("type", type, "title", "bench item " + n, "priority", n % 10));
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("submit answered " + created.statusCode() + ": " + created.body());
                }
                return JSON.readTree(created.body()).get("id").asText();
            }));
        }
        final List<String> result = new ArrayList<>();
        for (Future<String> id : ids) {
            result.add(id.get());
        }
        pool.shutdown();
        return result;
    }

    /** Sent by the agent the body names (or "bench", for a submission), with its token. */
    private HttpResponse<String> post(String url, Object body) throws IOException, InterruptedException {
        final Object agent = body instanceof Map<?, ?> fields ? fields.get("agent") : null;
        final String json = JSON.writeValueAsString(body);
        final String requestId = UUID.randomUUID().toString();
        return send(
                url,
                address -> HttpRequest.newBuilder(URI.create(address))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", requestId)
                        .header("Authorization", "Bearer " + tokens.apply(agent == null ? "bench" : agent.toString()))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
