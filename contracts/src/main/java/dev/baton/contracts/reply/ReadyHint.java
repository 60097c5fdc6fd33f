package dev.baton.contracts.reply;

import java.time.Instant;
import java.util.Map;

/**
 * How many ready items of each type one engine partition holds, and the highest priority among
 * them, published on
 * {@code claim-hints} so the agent API sends claim-next only where there is something to claim.
 * A hint may lag the truth by a commit interval; the engine's answer is what counts.
 */
public record ReadyHint(int partition, Map<String, Integer> readyByType, Map<String, Integer> topPriority, Instant at) {

    public ReadyHint {
        readyByType = readyByType == null ? Map.of() : Map.copyOf(readyByType);
        topPriority = topPriority == null ? Map.of() : Map.copyOf(topPriority);
    }

    /** The highest priority among ready items of the given types (empty: any); {@code null} when none. */
    public Integer best(java.util.Collection<String> types) {
        Integer best = null;
        for (Map.Entry<String, Integer> entry : topPriority.entrySet()) {
            if ((types.isEmpty() || types.contains(entry.getKey()))
                    && readyByType.getOrDefault(entry.getKey(), 0) > 0
                    && (best == null || entry.getValue() > best)) {
                best = entry.getValue();
            }
        }
        return best;
    }
}
