package dev.baton.e2e.agent;

import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.Grant;
import dev.baton.client.Held;
import dev.baton.client.HeldResult;
import dev.baton.client.Next;
import dev.baton.client.RejectedException;
import dev.baton.client.Result;
import dev.baton.e2e.agent.Journal.GrantKey;
import dev.baton.e2e.agent.Journal.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One agent of the end-to-end test, as a process of its own so that the test can kill it with
 * SIGKILL: it claims items of its types through {@link BatonClient}, works on each for a while
 * (heartbeating every third of its lease), completes it, and writes every step to its
 * {@link Journal}.
 *
 * <ul>
 * <li>{@code --hold-after N}: after N completions, the next item is held (heartbeats only) until the
 * process is killed: an agent that dies in the middle of a long task.</li>
 * <li>{@code --recover}: before anything else, tries to complete every grant its journal shows open,
 * with the epoch it had: an agent restarted after a crash that still believes in its old lease.</li>
 * </ul>
 * It exits when its standard input ends (the test closes it, or the test JVM is gone).
 *
 * <pre>
 * java dev.baton.e2e.agent.AgentMain --agent agent-01 --claims http://127.0.0.1:N[,http://...] --journal FILE
 *     [--types a,b] [--lease 3] [--work-ms 200-1400] [--hold-after N] [--recover] [--wait 5]
 *     [--request-timeout-ms 30000]
 * </pre>
 * With several claim URLs, a call one instance does not answer goes to the next, under the same request id.
 */
public final class AgentMain {

    private final ClaimInstances client;
    private final Journal journal;
    private final Next next;
    private final int leaseSeconds;
    private final int minWorkMs;
    private final int maxWorkMs;
    private final int holdAfter;
    private int completed;

    private AgentMain(
            ClaimInstances client,
            Journal journal,
            List<String> types,
            int waitSeconds,
            int leaseSeconds,
            int minWorkMs,
            int maxWorkMs,
            int holdAfter) {
        this.client = client;
        this.journal = journal;
        this.leaseSeconds = leaseSeconds;
        this.next =
                Next.of(types.toArray(String[]::new)).leaseSeconds(leaseSeconds).waitSeconds(waitSeconds);
        this.minWorkMs = minWorkMs;
        this.maxWorkMs = maxWorkMs;
        this.holdAfter = holdAfter;
    }

    public static void main(String[] args) {
        final Map<String, String> flags = Flags.parse(args, "recover");
        final String agent = Flags.required(flags, "agent");
        final Path journalFile = Path.of(Flags.required(flags, "journal"));
        final BatonClient.Builder builder = BatonClient.builder().agent(agent);
        // the agent's own token, from the fleet: the claim-service takes the agent from it
        final String token = System.getenv("BATON_TOKEN");
        if (token != null && !token.isBlank()) {
            builder.token(token);
        }
        if (flags.containsKey("request-timeout-ms")) {
            builder.requestTimeout(Duration.ofMillis(Long.parseLong(flags.get("request-timeout-ms"))));
        }
        final ClaimInstances client = ClaimInstances.of(Flags.required(flags, "claims"), builder);
        final String[] work = flags.getOrDefault("work-ms", "200-1400").split("-");
        final List<String> types =
                flags.containsKey("types") ? List.of(flags.get("types").split(",")) : List.of();
        exitWhenInputEnds();
        try (Journal journal = Journal.open(journalFile)) {
            final AgentMain main = new AgentMain(
                    client,
                    journal,
                    types,
                    Integer.parseInt(flags.getOrDefault("wait", "5")),
                    Integer.parseInt(flags.getOrDefault("lease", "3")),
                    Integer.parseInt(work[0]),
                    Integer.parseInt(work[work.length - 1]),
                    Integer.parseInt(flags.getOrDefault("hold-after", "-1")));
            log(
                    "status=started agent=%s types=%s lease=%ss",
                    agent, types.isEmpty() ? "any" : String.join(",", types), main.leaseSeconds);
            if (flags.containsKey("recover")) {
                main.recover(Journal.openGrants(Journal.read(journalFile)));
            }
            main.run();
        }
    }

    /**
     * Completes, with their old epochs, the grants the journal shows open: the test expects each to
     * be refused. They go in one batch call, as a holder of several grants would send them, so the
     * audit holds the batch path to the same fencing as the single call.
     */
    private void recover(List<GrantKey> open) {
        if (open.isEmpty()) {
            return;
        }
        for (GrantKey grant : open) {
            journal.write(Kind.RECOVERING, grant.item(), grant.epoch(), null, null);
            log("item=%s status=recovering epoch=%d", grant.item(), grant.epoch());
        }
        final List<HeldResult> results;
        try {
            final List<Held.Completion> completions = open.stream()
                    .map(g -> new Held.Completion(g.item(), g.epoch(), Result.of("finished after a restart")))
                    .toList();
            results = client.call((c, id) -> c.completeAll(completions, id));
        } catch (BatonException e) {
            for (GrantKey grant : open) {
                journal.write(Kind.UNANSWERED, grant.item(), grant.epoch(), "complete", null);
                log(
                        "item=%s status=complete-unanswered epoch=%d error=\"%s\"",
                        grant.item(), grant.epoch(), e.getMessage());
            }
            return;
        }
        for (int i = 0; i < open.size(); i++) {
            final GrantKey grant = open.get(i);
            final HeldResult result = results.get(i);
            if (result.accepted()) {
                completed++;
                journal.write(Kind.COMPLETED, grant.item(), grant.epoch(), "complete", null);
                log("item=%s status=completed epoch=%d", grant.item(), grant.epoch());
            } else {
                journal.write(
                        Kind.REJECTED,
                        grant.item(),
                        grant.epoch(),
                        "complete",
                        result.refusal().reasonName());
                log(
                        "item=%s status=complete-rejected epoch=%d reason=%s",
                        grant.item(), grant.epoch(), result.refusal().reasonName());
            }
        }
    }

    private void run() {
        while (true) {
            final List<Grant> grants;
            try {
                grants = client.call((c, id) -> c.next(next, id));
            } catch (BatonException e) {
                log("status=next-failed error=\"%s\"", e.getMessage());
                continue;
            }
            for (Grant grant : grants) {
                work(grant);
            }
        }
    }

    private void work(Grant grant) {
        final String item = grant.itemId();
        final long epoch = grant.epoch();
        journal.write(Kind.CLAIMED, item, epoch, null, null);
        log(
                "item=%s status=claimed epoch=%d attempt=%d",
                item, epoch, grant.item() == null ? 0 : grant.item().attempt());
        final long beatNanos = TimeUnit.SECONDS.toNanos(leaseSeconds) / 3;
        if (holdAfter >= 0 && completed >= holdAfter) {
            journal.write(Kind.HOLDING, item, epoch, null, null);
            log("item=%s status=holding epoch=%d", item, epoch);
            while (heartbeat(item, epoch)) {
                pause(beatNanos);
            }
            return;
        }
        final long end = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(minWorkMs, maxWorkMs + 1));
        long nextBeat = System.nanoTime() + beatNanos;
        while (System.nanoTime() < end) {
            // The work is simulated: the agent is busy until `end`, heartbeating on time.
            pause(Math.min(end, nextBeat) - System.nanoTime());
            if (System.nanoTime() >= nextBeat && System.nanoTime() < end) {
                if (!heartbeat(item, epoch)) {
                    return;
                }
                nextBeat = System.nanoTime() + beatNanos;
            }
        }
        final Grant.Work what = grant.item();
        complete(
                item,
                epoch,
                Result.of((what == null ? "item" : what.type()) + " done by " + client.agent())
                        .withTags(what == null ? List.of() : List.of(what.type())));
    }

    /** True while the agent still holds the item. */
    private boolean heartbeat(String item, long epoch) {
        try {
            client.call((c, id) -> c.heartbeat(item, epoch, "working", leaseSeconds, id));
            return true;
        } catch (RejectedException e) {
            journal.write(Kind.REJECTED, item, epoch, "heartbeat", e.reasonName());
            log("item=%s status=lease-lost epoch=%d reason=%s", item, epoch, e.reasonName());
            return false;
        } catch (BatonException e) {
            // No answer within the retry deadline: the lease has run out by now in any case.
            journal.write(Kind.UNANSWERED, item, epoch, "heartbeat", null);
            log("item=%s status=heartbeat-unanswered epoch=%d error=\"%s\"", item, epoch, e.getMessage());
            return false;
        }
    }

    private void complete(String item, long epoch, Result result) {
        try {
            client.call((c, id) -> c.complete(item, epoch, result, id));
            completed++;
            journal.write(Kind.COMPLETED, item, epoch, "complete", null);
            log("item=%s status=completed epoch=%d", item, epoch);
        } catch (RejectedException e) {
            journal.write(Kind.REJECTED, item, epoch, "complete", e.reasonName());
            log("item=%s status=complete-rejected epoch=%d reason=%s", item, epoch, e.reasonName());
        } catch (BatonException e) {
            journal.write(Kind.UNANSWERED, item, epoch, "complete", null);
            log("item=%s status=complete-unanswered epoch=%d error=\"%s\"", item, epoch, e.getMessage());
        }
    }

    private static void pause(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The test holds this process's standard input open; when it closes (or the test JVM dies), stop. */
    private static void exitWhenInputEnds() {
        final Thread watcher = new Thread(
                () -> {
                    final InputStream in = System.in;
                    try {
                        while (in.read() >= 0) {
                            // nothing is ever sent; only the end matters
                        }
                    } catch (IOException ignored) {
                        // the pipe is gone: same as its end
                    }
                    log("status=stopping cause=input-closed");
                    System.exit(0);
                },
                "input-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void log(String format, Object... args) {
        System.out.println("e2e.agent " + String.format(Locale.ROOT, format, args));
    }

    /** {@code --name value} flags, and bare {@code --name} for the switches listed. */
    static final class Flags {
        private Flags() {}

        static Map<String, String> parse(String[] args, String... switches) {
            final Map<String, String> flags = new java.util.HashMap<>();
            final List<String> bare = List.of(switches);
            final List<String> unknown = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    unknown.add(args[i]);
                    continue;
                }
                final String name = args[i].substring(2);
                if (bare.contains(name)) {
                    flags.put(name, "true");
                } else if (i + 1 < args.length) {
                    flags.put(name, args[++i]);
                } else {
                    unknown.add(args[i]);
                }
            }
            if (!unknown.isEmpty()) {
                System.err.println("unexpected arguments: " + unknown);
                System.exit(2);
            }
            return flags;
        }

        static String required(Map<String, String> flags, String name) {
            final String value = flags.get(name);
            if (value == null || value.isBlank()) {
                System.err.println("--" + name + " is required");
                System.exit(2);
            }
            return value;
        }
    }
}
