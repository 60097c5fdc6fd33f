package dev.baton.contracts.command;

import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.FamilyMember;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An imperative request to the claim engine, carried on {@code claim-requests}. Each carries a
 * request id: the engine answers a repeated id with the answer it gave the first time.
 */
public sealed interface Command {

    String requestId();

    /** The item the command is about; {@code null} for {@link ClaimNext} and {@link Batch}. */
    String itemId();

    /** Claim one item by id. */
    record ClaimItem(String requestId, String itemId, String agent, Integer leaseSeconds) implements Command {}

    /**
     * Claim up to {@code max} of the most urgent ready items of the given types (empty: any)
     * within the partition the command was sent to.
     */
    record ClaimNext(String requestId, String agent, List<String> types, int max, Integer leaseSeconds)
            implements Command {
        public ClaimNext {
            types = types == null ? List.of() : List.copyOf(types);
        }

        @Override
        public String itemId() {
            return null;
        }
    }

    /**
     * What the holder of a grant asks about it: heartbeat, complete, fail, release. Each names the
     * grant by its epoch, and each is a {@link Command} of its own; a {@link Batch} carries several.
     */
    sealed interface HolderCommand permits RenewLease, CompleteItem, FailItem, ReleaseItem {

        String requestId();

        String itemId();

        String agent();

        long epoch();

        /** This holder's command as the command it is. */
        default Command command() {
            return (Command) this;
        }
    }

    /** Heartbeat: extend the lease, optionally with a progress note. */
    record RenewLease(String requestId, String itemId, String agent, long epoch, Integer leaseSeconds, String progress)
            implements Command, HolderCommand {}

    record CompleteItem(String requestId, String itemId, String agent, long epoch, Result result)
            implements Command, HolderCommand {}

    record FailItem(String requestId, String itemId, String agent, long epoch, String error, boolean retryable)
            implements Command, HolderCommand {}

    /** Give the item back at once, without counting an attempt. */
    record ReleaseItem(String requestId, String itemId, String agent, long epoch, String reason)
            implements Command, HolderCommand {}

    /**
     * Several holders' commands about items of one partition, in one record: the engine decides
     * each part in order as if it had come alone, remembers each under its own request id, and
     * answers the record once with every part's answer ({@code Reply.Batched}). The record's own
     * request id only keys that answer; a part repeated, alone or in another batch, is answered
     * from the request log.
     */
    record Batch(String requestId, @FamilyMember List<HolderCommand> parts) implements Command {
        public Batch {
            parts = parts == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parts));
        }

        /** A batch is about several items: none is its own. */
        @Override
        public String itemId() {
            return null;
        }
    }

    /** An operator cancels a non-terminal item. */
    record CancelItem(String requestId, String itemId, String reason) implements Command {}

    /** An operator puts a {@code DEAD} item back to {@code READY} with fresh attempts. */
    record RedriveItem(String requestId, String itemId) implements Command {}

    /**
     * Engine to engine: tell the dependency ({@code itemId}) that {@code dependentId} waits for it.
     * Sent to the dependency's partition when the dependent is submitted.
     */
    record WatchDependency(String requestId, String itemId, String dependentId) implements Command {}

    /**
     * Engine to engine: the dependency ended ({@code DONE}, {@code DEAD} or {@code CANCELLED});
     * sent to the dependent's ({@code itemId}) partition.
     */
    record SettleDependency(String requestId, String itemId, String dependencyId, ItemState outcome)
            implements Command {}
}
