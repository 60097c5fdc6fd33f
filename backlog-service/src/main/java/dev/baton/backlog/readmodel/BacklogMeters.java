package dev.baton.backlog.readmodel;

import dev.baton.contracts.item.ItemState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The backlog's shape for Prometheus: items by state and type ({@code baton_backlog_items}) and
 * the oldest ready item's age by type ({@code baton_backlog_oldest_ready_age_seconds}), from the
 * counts the read model keeps as views change ({@link ReadModel#statsHere()}: a few entries per type,
 * never a scan of the items). Read every few seconds rather than per scrape, so any number of
 * scrapers costs the same. Each instance reports the partitions it holds; Prometheus sums them.
 * Leases in flight are the CLAIMED items; WAITING items wait on dependencies, a not-before time
 * or a retry's backoff.
 */
@ApplicationScoped
public class BacklogMeters {

    private static final Logger LOG = Logger.getLogger("backlog.readmodel");
    private static final long REFRESH_SECONDS = 5;

    private final ReadModel readModel;
    private final MultiGauge items;
    private final MultiGauge oldestReadyAge;
    private ScheduledExecutorService refresher;

    public BacklogMeters(ReadModel readModel, MeterRegistry registry) {
        this.readModel = readModel;
        this.items = MultiGauge.builder("baton.backlog.items")
                .description("Items by state and type, in the partitions this instance holds")
                .register(registry);
        this.oldestReadyAge = MultiGauge.builder("baton.backlog.oldest.ready.age")
                .description("Age of the oldest READY item by type, in the partitions this instance holds")
                .baseUnit("seconds")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "backlog-meters");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** Reads the counts once and sets every row; keeps the last rows while the stores are not ready. */
    void refresh() {
        final ReadModel.Stats stats;
        try {
            // This instance's share only: each instance reports its own and Prometheus sums them.
            stats = readModel.statsHere();
        } catch (RuntimeException notReady) {
            LOG.debugf("backlog.readmodel status=meters-not-refreshed reason=\"%s\"", notReady.toString());
            return;
        }
        final List<MultiGauge.Row<?>> counts = new ArrayList<>();
        stats.byType().forEach((type, states) -> {
            for (ItemState state : ItemState.values()) {
                final long n = states.getOrDefault(state, 0L);
                counts.add(MultiGauge.Row.of(Tags.of("state", state.name(), "type", type), n));
            }
        });
        items.register(counts, true);
        final List<MultiGauge.Row<?>> ages = new ArrayList<>();
        stats.oldestReadyAgeSecondsByType()
                .forEach((type, seconds) -> ages.add(MultiGauge.Row.of(Tags.of("type", type), seconds)));
        oldestReadyAge.register(ages, true);
    }
}
