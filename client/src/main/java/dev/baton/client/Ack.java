package dev.baton.client;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.time.Instant;

/**
 * The service's answer to an accepted heartbeat, completion, failure, release, cancel or
 * redrive: the item's state right after it. {@code epoch} and {@code leaseUntil} are there when
 * the service names them (the claim-service does; cancel and redrive do not).
 */
public record Ack(@JsonAlias("id") String itemId, ItemState state, Long epoch, Instant leaseUntil) {}
