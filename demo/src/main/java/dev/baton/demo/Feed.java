package dev.baton.demo;

import dev.baton.client.BatonClient;
import dev.baton.client.BatonException;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A steady trickle of work: a handful of items at once so the agents have something from the
 * first second, then one item every {@code interval} on average (between half and one and a half
 * of it), of mixed types and priorities, through the backlog service.
 */
final class Feed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("demo.feed");

    private final BatonClient client;
    private final Catalog catalog;
    private final Random random;
    private final Duration interval;
    private final int initial;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread thread = new Thread(r, "feed");
        thread.setDaemon(true);
        return thread;
    });

    Feed(BatonClient client, Random random, Duration interval, int initial) {
        this.client = client;
        this.random = random;
        this.catalog = new Catalog(random);
        this.interval = interval;
        this.initial = initial;
    }

    void start() {
        timer.execute(() -> {
            for (int i = 0; i < initial; i++) {
                submitOne();
            }
            scheduleNext();
        });
    }

    private void scheduleNext() {
        final long ms = interval.toMillis();
        final long delay = ms / 2 + (ms > 0 ? random.nextLong(ms + 1) : 0);
        timer.schedule(
                () -> {
                    submitOne();
                    scheduleNext();
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void submitOne() {
        final String type = catalog.type();
        final String title = catalog.title(type);
        final int priority = catalog.priority();
        try {
            final ItemView item =
                    client.submit(NewItem.of(type, title).priority(priority).labels(List.of("demo")));
            LOG.info(() -> DemoMain.line(
                    "demo.feed item=%s status=submitted type=%s priority=%d title=\"%s\"",
                    item.id(), type, priority, title));
        } catch (BatonException e) {
            LOG.log(Level.WARNING, "demo.feed status=submit-failed type={0} error=\"{1}\"", new Object[] {
                type, e.getMessage()
            });
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
