package dev.baton.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent loop, done once: claim the next item of the wanted types (long poll), run the handler
 * on it, keep its {@link Lease} while it runs, and report how it went.
 *
 * <ul>
 *   <li>Heartbeats go out every third of the lease (or {@link Builder#heartbeatEvery}), each with
 *       the progress the handler last set; the {@link Lease} does that, as for any holder.
 *   <li>When the lease is lost (a heartbeat refused {@code STALE_EPOCH}, {@code NOT_OWNER},
 *       {@code TERMINAL}, or no heartbeat confirmed before the lease ran out) the handler's thread is
 *       interrupted and its result is never reported: another agent may hold the item by then.
 *   <li>A handler that returns completes the item with its {@link Result}; one that throws fails
 *       it ({@link TaskFailedException} says whether a retry could help; anything else is retryable).
 *   <li>Loops that complete, fail or heartbeat at the same moment share one batch call
 *       ({@code POST /batches/...}), each item answered on its own; a loop alone makes the single
 *       call. So a worker with many loops makes far fewer calls under load and waits for none.
 *   <li>{@link #stop(Duration)} stops claiming, lets running handlers finish and report within the
 *       grace period, then interrupts what is left and releases those items (no attempt counted).
 * </ul>
 *
 * <pre>{@code
 * Worker worker = Worker.builder(client, task -> {
 *         String out = build(task.payload().path("repo").asText());
 *         return Result.of("built").withLogs(List.of(out));
 *     }).types("build").leaseSeconds(60).build().start();
 * ...
 * worker.stop(Duration.ofSeconds(30));
 * }</pre>
 */
public final class Worker implements AutoCloseable {

    /** Does the work of one item. Throwing fails the item; an interrupt means the lease is lost or the worker stops. */
    @FunctionalInterface
    public interface Handler {
        Result handle(Task task) throws Exception;
    }

    /** What a worker has done so far. */
    public record Stats(long claimed, long completed, long failed, long lost, long released) {}

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final AtomicInteger TASK_THREADS = new AtomicInteger();

    private final BatonClient client;
    private final Handler handler;
    private final Next next;
    private final int concurrency;
    private final Duration heartbeatEvery;
    private final Duration pauseAfterError;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        final Thread thread = new Thread(r, "baton-task-" + TASK_THREADS.incrementAndGet());
        // A handler that ignores its interrupt after losing its lease must not keep the JVM alive.
        thread.setDaemon(true);
        return thread;
    });
    private final List<Thread> loops = new ArrayList<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile boolean started;
    private volatile boolean stopping;
    private boolean stopped;

    // Loops that finish or beat at the same moment share one call; one alone makes the single call.
    private final Coalescing<Held.Completion> completions;
    private final Coalescing<Held.Failure> failures;
    private final Coalescing<Held.Heartbeat> heartbeats;

    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong released = new AtomicLong();

    private Worker(Builder builder) {
        this.client = builder.client;
        this.handler = builder.handler;
        this.next = Next.of(builder.types.toArray(String[]::new))
                .leaseSeconds(builder.leaseSeconds)
                .waitSeconds(builder.waitSeconds);
        this.concurrency = builder.concurrency;
        this.heartbeatEvery = builder.heartbeatEvery;
        this.pauseAfterError = builder.pauseAfterError;
        final String name = "baton-worker-" + client.agent();
        this.completions = new Coalescing<>(
                name + "-completions",
                (c, item) -> c.complete(item.itemId(), item.epoch(), item.result()),
                BatonClient::completeAll);
        this.failures = new Coalescing<>(
                name + "-failures",
                (c, item) -> c.fail(item.itemId(), item.epoch(), item.error(), item.retryable()),
                BatonClient::failAll);
        this.heartbeats = new Coalescing<>(
                name + "-heartbeats",
                (c, item) -> c.heartbeat(item.itemId(), item.epoch(), item.progress(), item.leaseSeconds()),
                BatonClient::heartbeatAll);
    }

    public static Builder builder(BatonClient client, Handler handler) {
        return new Builder(client, handler);
    }

    /** Starts {@code concurrency} loops, each working on one item at a time. */
    public synchronized Worker start() {
        if (started) {
            throw new IllegalStateException("the worker is already started");
        }
        started = true;
        for (int i = 0; i < concurrency; i++) {
            final Thread loop = new Thread(this::loop, "baton-worker-" + client.agent() + "-" + i);
            loops.add(loop);
            loop.start();
        }
        LOG.log(
                Level.INFO,
                "baton.worker status=started agent={0} types={1} loops={2}",
                client.agent(),
                next.types().isEmpty() ? "any" : String.join(",", next.types()),
                concurrency);
        return this;
    }

    /**
     * Claims one item (waiting up to the configured wait) and works on it on the calling thread.
     * Answers false when nothing was ready. For one-shot agents and tests; needs no {@link #start()}.
     */
    public boolean runOnce() {
        final long askedAt = System.nanoTime();
        final List<Grant> grants = client.next(next);
        for (Grant grant : grants) {
            process(grant, askedAt);
        }
        return !grants.isEmpty();
    }

    /** Stops claiming and waits for the running handlers to finish and report. */
    @Override
    public void close() {
        stop(Duration.ofDays(365));
    }

    /**
     * Stops claiming; lets running handlers finish and report for up to {@code grace}; then
     * interrupts the rest and releases their items. Answers true when every loop had ended within
     * the grace period. A loop waiting in a long poll ends when the poll does (at most the wait),
     * releasing anything the poll still granted.
     */
    public synchronized boolean stop(Duration grace) {
        if (stopped) {
            return true;
        }
        stopping = true;
        stopSignal.countDown();
        final long deadline =
                System.nanoTime() + min(grace, Duration.ofDays(365)).toNanos();
        boolean clean = true;
        try {
            for (Thread loop : loops) {
                final long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(loop, left);
                }
                if (loop.isAlive()) {
                    clean = false;
                    loop.interrupt();
                }
            }
            for (Thread loop : loops) {
                loop.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clean = false;
        }
        handlers.shutdownNow();
        completions.close();
        failures.close();
        heartbeats.close();
        stopped = clean;
        LOG.log(Level.INFO, "baton.worker status=stopped agent={0} clean={1} {2}", client.agent(), clean, stats());
        return clean;
    }

    /** True once {@link #stop(Duration)} has been called: no new item will be worked on. */
    public boolean stopping() {
        return stopping;
    }

    public Stats stats() {
        return new Stats(claimed.get(), completed.get(), failed.get(), lost.get(), released.get());
    }

    private void loop() {
        while (!stopping) {
            final long askedAt = System.nanoTime();
            final List<Grant> grants;
            try {
                grants = client.next(next);
            } catch (BatonException e) {
                if (stopping || Thread.currentThread().isInterrupted()) {
                    break;
                }
                LOG.log(
                        Level.WARNING,
                        "baton.worker status=next-failed agent={0} error=\"{1}\"",
                        client.agent(),
                        e.getMessage());
                pause();
                continue;
            }
            for (Grant grant : grants) {
                if (stopping) {
                    // Granted while the worker was asked to stop: hand it straight back.
                    claimed.incrementAndGet();
                    release(grant.itemId(), grant.epoch(), "worker stopping before it started");
                } else {
                    process(grant, askedAt);
                }
            }
        }
    }

    /** Runs the handler on one grant, keeping its lease until the handler ends, then reports. */
    private void process(Grant grant, long askedAt) {
        claimed.incrementAndGet();
        final String id = grant.itemId();
        final long epoch = grant.epoch();
        final AtomicReference<Future<Result>> handling = new AtomicReference<>();
        final Lease lease = Lease.keep(client, grant)
                .leaseSeconds(next.leaseSeconds())
                .heartbeatEvery(heartbeatEvery)
                .askedAt(askedAt)
                .threadName("baton-worker-" + client.agent() + "-lease")
                .sender((c, itemId, held, progress, leaseSeconds) ->
                        heartbeats.send(c, new Held.Heartbeat(itemId, held, progress, leaseSeconds)))
                // Lost: interrupt the handler; this loop sees its run cancelled and reports nothing.
                .onLost(why -> handling.get().cancel(true))
                .build();
        final Task task = new Task(grant, lease);
        LOG.log(
                Level.INFO,
                "baton.worker item={0} status=claimed agent={1} epoch={2} attempt={3}",
                id,
                client.agent(),
                epoch,
                grant.item() == null ? 0 : grant.item().attempt());
        final FutureTask<Result> running = new FutureTask<>(() -> handler.handle(task));
        handling.set(running);
        handlers.execute(running);
        lease.begin();
        try {
            final Result result = running.get();
            lease.close();
            if (lease.lost()) {
                lose(task, lease.lostBecause());
            } else {
                complete(task, result);
            }
        } catch (ExecutionException e) {
            lease.close();
            if (lease.lost()) {
                lose(task, lease.lostBecause());
            } else {
                fail(task, e.getCause());
            }
        } catch (CancellationException e) {
            lease.close();
            lose(task, lease.lostBecause());
        } catch (InterruptedException e) {
            lease.close();
            abandon(task, running);
        }
    }

    private void complete(Task task, Result result) {
        try {
            completions.send(
                    client,
                    new Held.Completion(task.itemId(), task.epoch(), result == null ? Result.of(null) : result));
            completed.incrementAndGet();
            LOG.log(Level.INFO, "baton.worker item={0} status=completed epoch={1}", task.itemId(), task.epoch());
        } catch (RejectedException e) {
            lost.incrementAndGet();
            LOG.log(
                    Level.WARNING,
                    "baton.worker item={0} status=not-completed epoch={1} reason={2}",
                    task.itemId(),
                    task.epoch(),
                    e.reasonName());
        } catch (BatonException e) {
            LOG.log(
                    Level.ERROR,
                    "baton.worker item={0} status=complete-unanswered epoch={1} error=\"{2}\" "
                            + "(the lease will run out and the item be retried)",
                    task.itemId(),
                    task.epoch(),
                    e.getMessage());
        }
    }

    private void fail(Task task, Throwable cause) {
        final boolean retryable = !(cause instanceof TaskFailedException failure) || failure.retryable();
        final String error = cause instanceof TaskFailedException ? cause.getMessage() : describe(cause);
        try {
            final Ack ack = failures.send(client, new Held.Failure(task.itemId(), task.epoch(), error, retryable));
            failed.incrementAndGet();
            LOG.log(
                    Level.INFO,
                    "baton.worker item={0} status=failed epoch={1} retryable={2} state={3} error=\"{4}\"",
                    task.itemId(),
                    task.epoch(),
                    retryable,
                    ack.state(),
                    error);
        } catch (RejectedException e) {
            lost.incrementAndGet();
            LOG.log(
                    Level.WARNING,
                    "baton.worker item={0} status=not-failed epoch={1} reason={2}",
                    task.itemId(),
                    task.epoch(),
                    e.reasonName());
        } catch (BatonException e) {
            LOG.log(
                    Level.ERROR,
                    "baton.worker item={0} status=fail-unanswered epoch={1} error=\"{2}\"",
                    task.itemId(),
                    task.epoch(),
                    e.getMessage());
        }
    }

    private void lose(Task task, String why) {
        lost.incrementAndGet();
        LOG.log(
                Level.WARNING,
                "baton.worker item={0} status=lease-lost epoch={1} reason=\"{2}\"",
                task.itemId(),
                task.epoch(),
                why);
    }

    /** The worker is stopping and the grace period is over: interrupt the handler, give the item back. */
    private void abandon(Task task, Future<Result> running) {
        running.cancel(true);
        Thread.interrupted(); // the release below must be able to wait for its answer
        release(task.itemId(), task.epoch(), "worker stopping");
        Thread.currentThread().interrupt();
    }

    private void release(String id, long epoch, String reason) {
        try {
            client.withRetry(client.retryPolicy()
                            .withDeadline(min(
                                    Duration.ofSeconds(5), client.retryPolicy().deadline())))
                    .release(id, epoch, reason);
            released.incrementAndGet();
            LOG.log(Level.INFO, "baton.worker item={0} status=released epoch={1} reason=\"{2}\"", id, epoch, reason);
        } catch (BatonException e) {
            LOG.log(
                    Level.WARNING,
                    "baton.worker item={0} status=release-failed epoch={1} error=\"{2}\"",
                    id,
                    epoch,
                    e.getMessage());
        }
    }

    private void pause() {
        try {
            stopSignal.await(pauseAfterError.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Throwable cause) {
        final String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Configures a worker; {@link #build()} makes it, {@link Worker#start()} runs it. */
    public static final class Builder {

        private final BatonClient client;
        private final Handler handler;
        private List<String> types = List.of();
        private Integer leaseSeconds;
        private int waitSeconds = 10;
        private int concurrency = 1;
        private Duration heartbeatEvery;
        private Duration pauseAfterError = Duration.ofSeconds(1);

        private Builder(BatonClient client, Handler handler) {
            this.client = Objects.requireNonNull(client, "client");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The item types to work on; none = any type. */
        public Builder types(String... values) {
            types = List.of(values);
            return this;
        }

        /** The lease to ask for; null (the default) takes the item's own or the service's default. */
        public Builder leaseSeconds(Integer value) {
            if (value != null && value < 1) {
                throw new IllegalArgumentException("leaseSeconds must be at least 1, got " + value);
            }
            leaseSeconds = value;
            return this;
        }

        /** How long one claim-next waits for work (0-60 s); default 10. Stopping waits for it at most this long. */
        public Builder waitSeconds(int value) {
            if (value < 0 || value > 60) {
                throw new IllegalArgumentException("waitSeconds must be 0 to 60, got " + value);
            }
            waitSeconds = value;
            return this;
        }

        /** How many items at once, each on its own loop; default 1. */
        public Builder concurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + value);
            }
            concurrency = value;
            return this;
        }

        /** How often to heartbeat; default a third of the lease. */
        public Builder heartbeatEvery(Duration value) {
            if (value != null && value.compareTo(Lease.MIN_HEARTBEAT) < 0) {
                throw new IllegalArgumentException(
                        "heartbeatEvery must be at least " + Lease.MIN_HEARTBEAT.toMillis() + " ms, got " + value);
            }
            heartbeatEvery = value;
            return this;
        }

        /** How long a loop waits after claim-next failed before asking again; default 1 s. */
        public Builder pauseAfterError(Duration value) {
            pauseAfterError = Objects.requireNonNull(value, "pauseAfterError");
            return this;
        }

        public Worker build() {
            return new Worker(this);
        }
    }
}
