package dev.baton.contracts.item;

import java.util.List;

/** The descriptive part of an item, carried on events downstream consumers read on their own. */
public record ItemSummary(String type, String title, int priority, List<String> labels) {

    public ItemSummary {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public static ItemSummary of(ItemSpec spec) {
        return new ItemSummary(spec.type(), spec.title(), spec.priority(), spec.labels());
    }
}
