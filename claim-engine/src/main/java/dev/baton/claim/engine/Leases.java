package dev.baton.claim.engine;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.reply.Rejection;
import java.time.Duration;
import java.util.Optional;

/** How long a grant lasts, and which lengths a request may ask for. */
final class Leases {

    private final Settings settings;

    Leases(Settings settings) {
        this.settings = settings;
    }

    /** What is wrong with a claim whatever the item: no agent, or a lease out of range. */
    Optional<Rejection> requestProblem(String itemId, String agent, Integer leaseSeconds) {
        if (agent == null || agent.isBlank()) {
            return Optional.of(Rejection.invalid(itemId, "agent is required"));
        }
        return lengthProblem(itemId, leaseSeconds);
    }

    /** A requested length must lie between one second and the longest lease; none asked is fine. */
    Optional<Rejection> lengthProblem(String itemId, Integer leaseSeconds) {
        if (leaseSeconds != null
                && (leaseSeconds < 1 || leaseSeconds > settings.maxLease().toSeconds())) {
            return Optional.of(Rejection.invalid(
                    itemId,
                    "leaseSeconds must be between 1 and " + settings.maxLease().toSeconds()));
        }
        return Optional.empty();
    }

    /** The length of a grant: the request's, else the item's own (at most the longest lease), else the default. */
    Duration grantLength(Item item, Integer requested) {
        if (requested != null) {
            return Duration.ofSeconds(requested);
        }
        if (item.spec().leaseSeconds() != null) {
            final Duration own = Duration.ofSeconds(item.spec().leaseSeconds());
            return own.compareTo(settings.maxLease()) > 0 ? settings.maxLease() : own;
        }
        return settings.defaultLease();
    }
}
