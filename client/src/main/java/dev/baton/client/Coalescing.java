package dev.baton.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Group commit for a holder's reports: reports made at the same moment share one batch call, and
 * a report alone makes the single call as ever, so nothing waits for company. One call is out at
 * a time; what is reported meanwhile queues up and goes in the next, up to {@link #MAX_ITEMS} at
 * once. Each caller gets its own item's answer: its {@link Ack}, or the {@link RejectedException}
 * it would have got alone.
 *
 * <p>The calls are made on a thread of their own, so a caller that is interrupted (a lease closed
 * while its heartbeat waits) gives up only its own wait, never the call that carries the others.
 * A batch refused as a whole for its shape (one item's result too large, say) is sent again item
 * by item, so one bad item costs the others nothing; a batch that got no answer fails each of its
 * callers with that failure, as the single call would have.
 */
final class Coalescing<T extends Held> implements AutoCloseable {

    /** As many items as one batch call may carry (the service's bound). */
    static final int MAX_ITEMS = 100;

    interface Single<T> {
        Ack send(BatonClient client, T item);
    }

    interface Batch<T> {
        List<HeldResult> send(BatonClient client, List<T> items);
    }

    private record Pending<T>(BatonClient client, T item, CompletableFuture<Ack> answer) {}

    private final Single<T> single;
    private final Batch<T> batch;
    private final ExecutorService sender;
    private final Object lock = new Object();
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private boolean draining;

    Coalescing(String name, Single<T> single, Batch<T> batch) {
        this.single = single;
        this.batch = batch;
        this.sender = Executors.newSingleThreadExecutor(task -> {
            final Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How many reports wait for the call that is out: for tests. */
    int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * The item's answer, through {@code client} (its retry policy) when its call carries the
     * first item. Throws what the single call would: {@link RejectedException}, or the call's
     * failure; {@link UnavailableException} when interrupted while waiting.
     */
    Ack send(BatonClient client, T item) {
        final Pending<T> mine = new Pending<>(client, item, new CompletableFuture<>());
        synchronized (lock) {
            queue.add(mine);
            if (!draining) {
                draining = true;
                try {
                    sender.execute(this::drain);
                } catch (RejectedExecutionException closed) {
                    draining = false;
                    queue.remove(mine);
                    throw new IllegalStateException("the worker has stopped", closed);
                }
            }
        }
        try {
            return mine.answer().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BatonException known
                    ? known
                    : new UnexpectedResponseException(e.getCause().toString(), 0, null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (lock) {
                queue.remove(mine);
            }
            throw new UnavailableException("interrupted while waiting for the answer", 0, 0, Duration.ZERO, e);
        }
    }

    /** Stops the sender thread once what is queued has gone out. */
    @Override
    public void close() {
        sender.shutdown();
    }

    /** On the sender thread: sends what is queued, call after call, until nothing is. */
    private void drain() {
        while (true) {
            final List<Pending<T>> taken = new ArrayList<>();
            synchronized (lock) {
                while (!queue.isEmpty() && taken.size() < MAX_ITEMS) {
                    taken.add(queue.poll());
                }
                if (taken.isEmpty()) {
                    draining = false;
                    return;
                }
            }
            call(taken);
        }
    }

    private void call(List<Pending<T>> taken) {
        final BatonClient client = taken.get(0).client();
        if (taken.size() > 1) {
            try {
                final List<HeldResult> results =
                        batch.send(client, taken.stream().map(Pending::item).toList());
                for (int i = 0; i < taken.size(); i++) {
                    final HeldResult result = results.get(i);
                    settle(taken.get(i), result.ack(), result.refusal());
                }
                return;
            } catch (InvalidRequestException oneIsMalformed) {
                // Fall through: each alone, so only the malformed one hears of it.
            } catch (BatonException unanswered) {
                taken.forEach(p -> settle(p, null, unanswered));
                return;
            } catch (RuntimeException unforeseen) {
                // Every caller must hear something, or it would wait for ever.
                final BatonException failure =
                        new UnexpectedResponseException(unforeseen.toString(), 0, null, unforeseen);
                taken.forEach(p -> settle(p, null, failure));
                return;
            }
        }
        for (Pending<T> pending : taken) {
            try {
                settle(pending, single.send(pending.client(), pending.item()), null);
            } catch (BatonException e) {
                settle(pending, null, e);
            } catch (RuntimeException e) {
                settle(pending, null, new UnexpectedResponseException(e.toString(), 0, null, e));
            }
        }
    }

    private static <T> void settle(Pending<T> pending, Ack ack, BatonException failure) {
        if (failure != null) {
            pending.answer().completeExceptionally(failure);
        } else {
            pending.answer().complete(ack);
        }
    }
}
