package dev.baton.demo;

import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.Grant;
import dev.baton.client.Next;
import dev.baton.client.RejectedException;
import dev.baton.client.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An agent that gets into the trouble Baton is built for, every other item, on the plain client
 * (no {@code Worker}, which would not let it misbehave):
 *
 * <ul>
 * <li>{@link Kind#CRASHING}: starts an item, heartbeats once, then dies: no more heartbeats, no
 * answer. Its lease runs out, the engine expires it and another agent is granted the item under
 * a higher epoch. The agent "restarts" a few seconds later.</li>
 * <li>{@link Kind#STALE}: starts an item, then stalls without heartbeating (a long GC pause, a
 * network partition) past its lease, wakes up and completes with the epoch it had. The engine
 * refuses it ({@code STALE_EPOCH}): fencing at work.</li>
 * </ul>
 * The other items it works on and completes like anyone.
 */
final class TroubleAgent implements AutoCloseable {

    enum Kind {
        CRASHING,
        STALE
    }

    private static final Logger LOG = Logger.getLogger("demo.agent");

    private final BatonClient client;
    private final String name;
    private final Kind kind;
    private final Next next;
    private final int leaseSeconds;
    private final Random random;
    private final Thread thread;
    private volatile boolean stopping;
    /** The grant it works on, to hand back when the demo stops; null when it holds nothing (or has "crashed"). */
    private volatile Grant holding;

    private long items;

    private TroubleAgent(
            BatonClient client, String name, Kind kind, List<String> types, int leaseSeconds, Random random) {
        this.client = client.withAgent(name);
        this.name = name;
        this.kind = kind;
        this.leaseSeconds = leaseSeconds;
        this.next =
                Next.of(types.toArray(String[]::new)).leaseSeconds(leaseSeconds).waitSeconds(20);
        this.random = random;
        this.thread = new Thread(this::run, name);
    }

    static TroubleAgent start(
            BatonClient client, String name, Kind kind, List<String> types, int leaseSeconds, Random random) {
        final TroubleAgent agent = new TroubleAgent(client, name, kind, types, leaseSeconds, random);
        agent.thread.start();
        return agent;
    }

    private void run() {
        try {
            while (!stopping) {
                try {
                    for (Grant grant : client.next(next)) {
                        holding = grant;
                        if (stopping) {
                            break;
                        }
                        items++;
                        say(
                                "item=%s status=claimed epoch=%d title=\"%s\"",
                                grant.itemId(),
                                grant.epoch(),
                                grant.item() == null ? "" : grant.item().title());
                        if (items % 2 == 1) {
                            misbehave(grant);
                        } else {
                            behave(grant);
                        }
                        holding = null;
                    }
                } catch (BatonException e) {
                    if (stopping) {
                        break;
                    }
                    LOG.log(
                            Level.WARNING,
                            DemoMain.line("demo.agent agent=%s status=error error=\"%s\"", name, e.getMessage()));
                    pause(Duration.ofSeconds(2));
                }
            }
        } catch (InterruptedException e) {
            // stopping
        }
        final Grant left = holding;
        if (left != null) {
            Thread.interrupted(); // the release must be able to wait for its answer
            try {
                client.release(left.itemId(), left.epoch(), "demo stopping");
                say("item=%s status=released epoch=%d", left.itemId(), left.epoch());
            } catch (BatonException e) {
                // refused (the lease is over) or unanswered: the lease runs out on its own
            }
        }
    }

    private void misbehave(Grant grant) throws InterruptedException {
        pause(Duration.ofSeconds(1));
        final Instant leaseUntil = heartbeat(grant);
        if (leaseUntil == null) {
            return;
        }
        if (kind == Kind.CRASHING) {
            holding = null; // a crashed agent hands nothing back
            LOG.warning(DemoMain.line(
                    "demo.agent agent=%s item=%s status=crashed epoch=%d "
                            + "note=\"no more heartbeats: the lease runs out at %s, then the item goes to another agent\"",
                    name, grant.itemId(), grant.epoch(), DemoMain.time(leaseUntil)));
            pause(Duration.ofSeconds(leaseSeconds + 6L));
            say("status=restarted note=\"back after a crash; the item it held is someone else's now\"");
            return;
        }
        final Duration stall = Duration.ofSeconds(leaseSeconds + 3L);
        LOG.warning(DemoMain.line(
                "demo.agent agent=%s item=%s status=stalled epoch=%d "
                        + "note=\"a %ds pause with no heartbeats; the lease ends at %s\"",
                name, grant.itemId(), grant.epoch(), stall.toSeconds(), DemoMain.time(leaseUntil)));
        pause(stall);
        holding = null;
        try {
            client.complete(grant.itemId(), grant.epoch(), Result.of("finished late"));
            say(
                    "item=%s status=completed epoch=%d note=\"finished within its lease after all\"",
                    grant.itemId(), grant.epoch());
        } catch (RejectedException e) {
            LOG.warning(DemoMain.line(
                    "demo.agent agent=%s item=%s status=fenced epoch=%d reason=%s current-epoch=%s "
                            + "note=\"its late complete was refused: the epoch it holds is stale\"",
                    name,
                    grant.itemId(),
                    grant.epoch(),
                    e.reasonName(),
                    e.epoch() == null ? "?" : e.epoch().toString()));
        }
    }

    private void behave(Grant grant) throws InterruptedException {
        pause(Duration.ofMillis(800 + random.nextInt(1500)));
        if (heartbeat(grant) == null) {
            return;
        }
        pause(Duration.ofMillis(500 + random.nextInt(1000)));
        try {
            final String type = grant.item() == null ? "work" : grant.item().type();
            client.complete(
                    grant.itemId(),
                    grant.epoch(),
                    Result.of(Catalog.outcome(type, random.nextLong())).withTags(List.of(type)));
            say("item=%s status=completed epoch=%d", grant.itemId(), grant.epoch());
        } catch (RejectedException e) {
            say("item=%s status=not-completed epoch=%d reason=%s", grant.itemId(), grant.epoch(), e.reasonName());
        }
    }

    /** The new lease deadline, or null when the agent no longer holds the item. */
    private Instant heartbeat(Grant grant) {
        try {
            final Instant until = client.heartbeat(grant.itemId(), grant.epoch(), "working", leaseSeconds)
                    .leaseUntil();
            return until != null ? until : Instant.now().plusSeconds(leaseSeconds);
        } catch (RejectedException e) {
            say("item=%s status=lease-lost epoch=%d reason=%s", grant.itemId(), grant.epoch(), e.reasonName());
            return null;
        }
    }

    private void say(String format, Object... args) {
        LOG.info(DemoMain.line("demo.agent agent=" + name + " " + format, args));
    }

    private static void pause(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis()); // the simulated work, or the simulated outage
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
