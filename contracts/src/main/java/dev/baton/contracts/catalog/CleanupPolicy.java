package dev.baton.contracts.catalog;

import java.util.Locale;

/** How Kafka keeps a topic's records: by age, or the latest per key. */
public enum CleanupPolicy {
    DELETE,
    COMPACT;

    /** The value of the topic config {@code cleanup.policy}. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
