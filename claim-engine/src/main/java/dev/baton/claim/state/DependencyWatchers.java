package dev.baton.claim.state;

import dev.baton.claim.engine.Times;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which items wait for which, across partitions. A dependency may live in another partition, so
 * the engine does not look at it; it asks. A new item sends a watch to each dependency's
 * partition ({@link #watchesFor}); that partition files the watcher ({@code watchers-store},
 * {@code dependency NUL dependent}) and, when the dependency ends, sends each watcher a notice
 * ({@link #ended}). The notices travel as commands, so they commit with the change that caused
 * them, and are named by what they say, so a notice applied twice changes nothing.
 */
public final class DependencyWatchers {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, String> watchers;

    public DependencyWatchers(KeyValueStore<String, String> watchers) {
        this.watchers = watchers;
    }

    /** The watches a newly submitted item asks of its dependencies' partitions. */
    public static List<Command.WatchDependency> watchesFor(Item submitted) {
        return submitted.spec().dependsOn().stream()
                .map(dependency -> new Command.WatchDependency(
                        "watch:" + dependency + ">" + submitted.id(), dependency, submitted.id()))
                .toList();
    }

    /**
     * Files a watcher of {@code dependency} (null: not seen here yet); the notice to send at once
     * when the dependency has already ended.
     */
    public Optional<Command.SettleDependency> watch(Command.WatchDependency watch, Item dependency) {
        watchers.put(IndexKeys.prefix(watch.itemId()) + watch.dependentId(), "");
        if (dependency != null && dependency.state().terminal()) {
            return Optional.of(notice(dependency, watch.dependentId()));
        }
        return Optional.empty();
    }

    /**
     * The dependency ended: a notice to every item that waits for it. Done and cancelled are final,
     * so their watchers are forgotten; dead may be redriven, so they stay for its next ending.
     */
    public List<Command.SettleDependency> ended(Item dependency) {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = watchers.prefixScan(IndexKeys.prefix(dependency.id()), KEYS)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        final List<Command.SettleDependency> notices = new ArrayList<>();
        for (String key : keys) {
            notices.add(notice(dependency, IndexKeys.lastPart(key)));
            if (dependency.state() != ItemState.DEAD) {
                watchers.delete(key);
            }
        }
        return notices;
    }

    private static Command.SettleDependency notice(Item dependency, String dependentId) {
        return new Command.SettleDependency(
                "settle:" + dependency.id() + ">" + dependentId + ":" + dependency.state() + ":"
                        + Times.millis(dependency.updatedAt()),
                dependentId,
                dependency.id(),
                dependency.state());
    }
}
