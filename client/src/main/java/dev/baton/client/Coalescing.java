package dev.baton.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for a holder's reports: callers that report at the same moment share one batch
 * call, and a caller alone makes the single call as ever, so nothing waits for company. While one
 * call is out, what the others report queues up and goes in the next call, up to
 * {@link #MAX_ITEMS} at once. Each caller gets its own item's answer: its {@link Ack}, or the
 * {@link RejectedException} it would have got alone.
 *
 * <p>A batch refused as a whole for its shape (one item's result too large, say) is sent again
 * item by item, so one bad item costs the others nothing. A batch that got no answer fails each
 * of its callers with that failure, as the single call would have.
 */
final class Coalescing<T extends Held> {

    /** As many items as one batch call may carry (the service's bound). */
    static final int MAX_ITEMS = 100;

    interface Single<T> {
        Ack send(BatonClient client, T item);
    }

    interface Batch<T> {
        List<HeldResult> send(BatonClient client, List<T> items);
    }

    private static final class Pending<T> {
        final T item;
        Ack ack;
        BatonException failure;
        boolean done;

        Pending(T item) {
            this.item = item;
        }
    }

    private final Single<T> single;
    private final Batch<T> batch;
    private final Object lock = new Object();
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private boolean sending;

    Coalescing(Single<T> single, Batch<T> batch) {
        this.single = single;
        this.batch = batch;
    }

    /** How many reports wait for the call that is out: for tests. */
    int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /**
     * The item's answer, through {@code client} (its retry policy) when this caller makes the
     * call. Throws what the single call would: {@link RejectedException}, or the call's failure.
     * An interrupt while another caller's call is out gives up waiting ({@link UnavailableException}).
     */
    Ack send(BatonClient client, T item) {
        final Pending<T> mine = new Pending<>(item);
        final List<Pending<T>> taken = new ArrayList<>();
        synchronized (lock) {
            queue.add(mine);
            while (!mine.done && sending) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    queue.remove(mine);
                    Thread.currentThread().interrupt();
                    if (!mine.done) {
                        throw new UnavailableException(
                                "interrupted while another report was out", 0, 0, java.time.Duration.ZERO, e);
                    }
                }
            }
            if (!mine.done) {
                sending = true;
                while (!queue.isEmpty() && taken.size() < MAX_ITEMS) {
                    taken.add(queue.poll());
                }
            }
        }
        if (!taken.isEmpty()) {
            try {
                call(client, taken);
            } finally {
                synchronized (lock) {
                    sending = false;
                    lock.notifyAll();
                }
            }
        }
        if (!mine.done) {
            // Queued behind more than one call can carry: report on.
            return send(client, item);
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.ack;
    }

    private void call(BatonClient client, List<Pending<T>> taken) {
        if (taken.size() > 1) {
            try {
                final List<HeldResult> results =
                        batch.send(client, taken.stream().map(p -> p.item).toList());
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
                settle(pending, single.send(client, pending.item), null);
            } catch (BatonException e) {
                settle(pending, null, e);
            } catch (RuntimeException e) {
                settle(pending, null, new UnexpectedResponseException(e.toString(), 0, null, e));
            }
        }
    }

    private void settle(Pending<T> pending, Ack ack, BatonException failure) {
        synchronized (lock) {
            pending.ack = ack;
            pending.failure = failure;
            pending.done = true;
        }
    }
}
