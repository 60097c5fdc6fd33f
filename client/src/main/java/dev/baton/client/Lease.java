package dev.baton.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeping a granted item: from {@link Builder#start()} until {@link #close()}, a thread of its own
 * heartbeats every third of the lease (or {@link Builder#heartbeatEvery}), each heartbeat with the
 * progress last set. Whatever holds a grant keeps it with one: the {@link Worker} for each item it
 * claims, and an agent that claims an item by id for that item.
 *
 * <ul>
 *   <li>The lease counts from when the claim was asked for ({@link Builder#askedAt}): a conservative
 *       local deadline, moved on by each heartbeat the service confirms, counted from when that
 *       heartbeat was sent. When the first heartbeat is due before the claim's answer came (a long
 *       poll), it goes out at once and the service says whether the item is still held.
 *   <li>The item is lost when a heartbeat is refused ({@code STALE_EPOCH}, {@code NOT_OWNER},
 *       {@code TERMINAL}: any refusal) or when the lease runs out with no heartbeat confirmed.
 *       {@link #lost()} turns true first, then {@link Builder#onLost} hears why, once, on the
 *       heartbeat thread; no heartbeat goes out after that.
 *   <li>A heartbeat that gets no answer is retried until the lease would run out, not longer.
 *   <li>{@link #close()} stops the heartbeats (one in flight is abandoned) and returns once the
 *       heartbeat thread has ended: nothing is heard of this lease after it.
 * </ul>
 *
 * <p>Completing, failing or releasing the item is the holder's call on the {@link BatonClient},
 * after {@link #close()}; a holder that must not act on a lease about to end asks
 * {@link #lastsBeyond(Duration)} first.
 *
 * <pre>{@code
 * long askedAt = System.nanoTime();
 * Grant grant = client.claim(itemId, 60);
 * try (Lease lease = Lease.keep(client, grant).leaseSeconds(60).askedAt(askedAt).start()) {
 *     lease.progress("rendering");
 *     ...
 *     if (!lease.lastsBeyond(Duration.ofSeconds(2))) {
 *         return;   // another agent may hold the item any moment now
 *     }
 *     ...
 * }
 * client.complete(itemId, grant.epoch(), result);
 * }</pre>
 */
public final class Lease implements AutoCloseable {

    /** Heartbeats closer together than this would only load the service. */
    public static final Duration MIN_HEARTBEAT = Duration.ofMillis(50);
    /** Why a lease is lost when heartbeats went unanswered until it ran out. */
    public static final String RAN_OUT = "no heartbeat was confirmed before the lease ran out";

    private static final System.Logger LOG = System.getLogger(Lease.class.getName());

    private final BatonClient client;
    private final Grant grant;
    private final Integer leaseSeconds;
    private final Duration lease;
    private final Duration beat;
    private final long askedAt;
    private final Consumer<String> onLost;
    private final Sender sender;
    private final Thread thread;
    private final Object lock = new Object();
    private final AtomicReference<String> progress = new AtomicReference<>();
    /** Until when (System.nanoTime) the service has confirmed the lease, as far as this agent can tell. */
    private volatile long confirmedUntil;

    private volatile String lostBecause;
    private boolean closed;

    private Lease(Builder builder) {
        this.client = builder.client;
        this.grant = builder.grant;
        this.leaseSeconds = builder.leaseSeconds;
        this.lease = builder.leaseSeconds != null ? Duration.ofSeconds(builder.leaseSeconds) : leftOf(builder.grant);
        this.beat = builder.heartbeatEvery != null ? builder.heartbeatEvery : max(lease.dividedBy(3), MIN_HEARTBEAT);
        this.askedAt = builder.askedAt != null ? builder.askedAt : System.nanoTime();
        this.onLost = builder.onLost;
        this.sender = builder.sender;
        this.confirmedUntil = askedAt + lease.toNanos();
        this.thread = new Thread(
                this::heartbeat, builder.threadName != null ? builder.threadName : "baton-lease-" + client.agent());
        // A lease nobody closed must not keep the JVM alive.
        thread.setDaemon(true);
    }

    /** Keeps {@code grant}, heartbeating through {@code client} (whose agent was granted it). */
    public static Builder keep(BatonClient client, Grant grant) {
        return new Builder(client, grant);
    }

    public Grant grant() {
        return grant;
    }

    /** A line on how the work is going, sent with the next heartbeat (once). */
    public void progress(String text) {
        progress.set(text);
    }

    /** True once another agent may hold the item: a heartbeat was refused, or the lease ran out. */
    public boolean lost() {
        return lostBecause != null;
    }

    /** Why the item was lost (the refusal's reason, or {@link #RAN_OUT}); null while it is kept. */
    public String lostBecause() {
        return lostBecause;
    }

    /** How long the lease lasts as far as the service has confirmed it; zero once it is lost or over. */
    public Duration left() {
        if (lost()) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, confirmedUntil - System.nanoTime()));
    }

    /**
     * True when the item is not lost and its lease lasts longer than {@code margin} from now: what a
     * holder asks before an act that must not happen once another agent may hold the item.
     */
    public boolean lastsBeyond(Duration margin) {
        return left().compareTo(margin) > 0;
    }

    /** Starts the heartbeat thread of a lease made by {@link Builder#build()}. */
    void begin() {
        thread.start();
    }

    /** Stops the heartbeats and waits for the heartbeat thread to end. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        if (Thread.currentThread() == thread || !thread.isAlive()) {
            return;
        }
        // A heartbeat in flight answers nothing anyone will act on any more.
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void heartbeat() {
        final String id = grant.itemId();
        final long epoch = grant.epoch();
        long nextBeatAt = askedAt + beat.toNanos();
        boolean beaten = false;
        while (awaitBeat(nextBeatAt)) {
            final long left = confirmedUntil - System.nanoTime();
            if (left <= 0 && beaten) {
                lose(RAN_OUT);
                return;
            }
            beaten = true;
            final long sentAt = System.nanoTime();
            nextBeatAt = sentAt + beat.toNanos();
            try {
                sender.heartbeat(
                        client.withRetry(client.retryPolicy()
                                .withDeadline(min(
                                        Duration.ofNanos(left > 0 ? left : beat.toNanos()),
                                        client.retryPolicy().deadline()))),
                        id,
                        epoch,
                        progress.getAndSet(null),
                        leaseSeconds);
                confirmedUntil = sentAt + lease.toNanos();
            } catch (RejectedException rejected) {
                // Any refusal of a heartbeat means this agent no longer holds the item.
                lose(rejected.reasonName());
                return;
            } catch (BatonException unanswered) {
                if (isClosed()) {
                    return;
                }
                LOG.log(
                        Level.WARNING,
                        "baton.lease item={0} status=heartbeat-unanswered agent={1} epoch={2} " + "error=\"{3}\"",
                        id,
                        client.agent(),
                        epoch,
                        unanswered.getMessage());
            }
        }
    }

    /** Waits until the next heartbeat is due; false once the lease is closed. */
    private boolean awaitBeat(long at) {
        synchronized (lock) {
            long wait;
            while (!closed && (wait = at - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, wait);
                } catch (InterruptedException e) {
                    return false; // only close() interrupts this thread
                }
            }
            return !closed;
        }
    }

    private void lose(String why) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            lostBecause = why;
        }
        if (onLost != null) {
            onLost.accept(why);
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** The lease the grant has left, at least a second: for a grant whose length the holder did not choose. */
    private static Duration leftOf(Grant grant) {
        final Duration left =
                grant.leaseUntil() == null ? Duration.ZERO : Duration.between(Instant.now(), grant.leaseUntil());
        return max(left, Duration.ofSeconds(1));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** How a heartbeat goes out: alone, unless a worker holding several shares its calls ({@link Coalescing}). */
    @FunctionalInterface
    interface Sender {
        Ack heartbeat(BatonClient client, String itemId, long epoch, String progress, Integer leaseSeconds);
    }

    /** Configures a lease; {@link #start()} begins the heartbeats. */
    public static final class Builder {

        private final BatonClient client;
        private final Grant grant;
        private Integer leaseSeconds;
        private Duration heartbeatEvery;
        private Long askedAt;
        private Consumer<String> onLost;
        private String threadName;
        private Sender sender = BatonClient::heartbeat;

        private Builder(BatonClient client, Grant grant) {
            this.client = Objects.requireNonNull(client, "client");
            this.grant = Objects.requireNonNull(grant, "grant");
        }

        /**
         * The lease asked for: each heartbeat asks for it again, and the local deadline counts it.
         * Null (the default) keeps the grant's own length, as the service measured it.
         */
        public Builder leaseSeconds(Integer value) {
            if (value != null && value < 1) {
                throw new IllegalArgumentException("leaseSeconds must be at least 1, got " + value);
            }
            leaseSeconds = value;
            return this;
        }

        /** How often to heartbeat; default a third of the lease. */
        public Builder heartbeatEvery(Duration value) {
            if (value != null && value.compareTo(MIN_HEARTBEAT) < 0) {
                throw new IllegalArgumentException(
                        "heartbeatEvery must be at least " + MIN_HEARTBEAT.toMillis() + " ms, got " + value);
            }
            heartbeatEvery = value;
            return this;
        }

        /**
         * When the claim was asked for, as {@link System#nanoTime()}: the lease may have started any
         * time after, so it counts from here. Default: when the lease is made.
         */
        public Builder askedAt(long nanoTime) {
            askedAt = nanoTime;
            return this;
        }

        /** Told why, once, when the item is lost; on the heartbeat thread, so it should be quick. */
        public Builder onLost(Consumer<String> listener) {
            onLost = listener;
            return this;
        }

        /** The heartbeat thread's name; the worker names it after its agent, as its own threads are. */
        Builder threadName(String value) {
            threadName = value;
            return this;
        }

        /** How the heartbeats go out; the worker shares one call among the leases it holds. */
        Builder sender(Sender value) {
            sender = Objects.requireNonNull(value, "sender");
            return this;
        }

        /** Begins heartbeating. */
        public Lease start() {
            final Lease lease = build();
            lease.begin();
            return lease;
        }

        /** The lease, not heartbeating yet: for a holder that must hand it to its work before {@link Lease#begin()}. */
        Lease build() {
            return new Lease(this);
        }
    }
}
