package dev.baton.contracts.reply;

import java.time.Instant;
import java.util.Map;

/**
 * How many ready items of each type one engine partition holds, published on
 * {@code claim-hints} so the agent API sends claim-next only where there is something to claim.
 * A hint may lag the truth by a commit interval; the engine's answer is what counts.
 */
public record ReadyHint(int partition, Map<String, Integer> readyByType, Instant at) {

    public ReadyHint {
        readyByType = readyByType == null ? Map.of() : Map.copyOf(readyByType);
    }

    public boolean hasReady(java.util.Collection<String> types) {
        if (types.isEmpty()) {
            return readyByType.values().stream().anyMatch(n -> n > 0);
        }
        return types.stream().anyMatch(t -> readyByType.getOrDefault(t, 0) > 0);
    }
}
