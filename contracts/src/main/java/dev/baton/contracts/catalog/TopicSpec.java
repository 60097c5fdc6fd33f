package dev.baton.contracts.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One topic of the catalog: its name and the configuration it is created with.
 *
 * @param retention how long records are kept; {@code null} means the broker's default (and for
 *                  compacted topics: kept until superseded)
 */
public record TopicSpec(String name, int partitions, CleanupPolicy cleanup, Duration retention, String purpose) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cleanup, "cleanup");
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("topic names are plural kebab-case: " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
    }

    /** The same topic with another partition count (a deployment may choose its own). */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, cleanup, retention, purpose);
    }

    /** Topic-level configuration to create the topic with. */
    public Map<String, String> configs() {
        final Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanup.configValue());
        if (retention != null) {
            configs.put("retention.ms", Long.toString(retention.toMillis()));
        }
        if (cleanup == CleanupPolicy.COMPACT) {
            // Let the latest state of a finished item be compacted promptly but not instantly,
            // so a consumer that lags by minutes still sees intermediate transitions.
            configs.put(
                    "min.compaction.lag.ms", Long.toString(Duration.ofMinutes(1).toMillis()));
        }
        return configs;
    }
}
