package dev.baton.writer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.baton.client.NewItem;
import dev.baton.client.Reason;
import dev.baton.client.Result;
import dev.baton.contracts.json.Json;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DevlogItems;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The decisions of the devlog cycle, apart from its I/O: which version to write, the item every
 * replica names for it, when an ended item is passed over, whether a holder may still publish.
 * Each is a function of what the cycle has read, so each is tested without a broker or a service.
 */
final class DevlogDecisions {

    /** Not publishing this close to the end of the lease: the engine may take the item back any moment. */
    static final Duration PUBLISH_MARGIN = Duration.ofSeconds(2);
    /** How often a devlog item may be tried: a writer that fails before publishing gives it back for another. */
    static final int MAX_ATTEMPTS = 5;

    private DevlogDecisions() {}

    /** What the cycle does about a day's material. */
    sealed interface Plan {

        /** The latest post was written from this very material: nothing to publish. */
        record Unchanged(PublishedPost latest) implements Plan {}

        /** Write {@code version} from material whose fingerprint is {@code materialHash}. */
        record Write(int version, String materialHash) implements Plan {}
    }

    /**
     * Equal material, no new version; other material, the version after the latest (1 for a day
     * not published yet). The closing line is not part of the fingerprint: a changed backlog is
     * not new material for a day already past.
     */
    static Plan plan(DayMaterial material, Optional<PublishedPost> latest) {
        final String hash = fingerprint(material);
        if (latest.isPresent() && latest.get().materialHash().equals(hash)) {
            return new Plan.Unchanged(latest.get());
        }
        return new Plan.Write(latest.map(post -> post.version() + 1).orElse(1), hash);
    }

    /**
     * The idempotency key of a version's item: {@code devlog:D}, {@code devlog:D/vN}, and
     * {@code #k} after k items of that version were passed over. Every replica derives the same
     * key, so racing replicas submit one item and the engine grants it to one of them.
     */
    static String itemKey(LocalDate day, int version, int passedOver) {
        return (version == 1 ? "devlog:" + day : "devlog:" + day + "/v" + version)
                + (passedOver == 0 ? "" : "#" + passedOver);
    }

    /** The item that writing the version is: type {@code devlog}, labelled with its day, under the writer's lease. */
    static NewItem item(LocalDate day, int version, int passedOver, int leaseSeconds) {
        return NewItem.of(DevlogItems.TYPE, "Devlog: " + day + (version == 1 ? "" : " (version " + version + ")"))
                .payload(Json.mapper()
                        .createObjectNode()
                        .put("date", day.toString())
                        .put("version", version))
                .priority(0)
                .labels(DevlogItems.labels(day))
                .maxAttempts(MAX_ATTEMPTS)
                .leaseSeconds(leaseSeconds)
                .idempotencyKey(itemKey(day, version, passedOver));
    }

    /**
     * The claim of a version's item was refused because the item has ended: it is passed over
     * when no post of that version came of it (cancelled by hand, or dead); when the version is
     * out, another holder wrote it and the cycle only looks at the material again.
     */
    static boolean passOver(int version, Optional<PublishedPost> latest) {
        return latest.map(PublishedPost::version).orElse(0) < version;
    }

    /**
     * The version as already published, when a holder before this one published it and lost its
     * lease before completing the item: the new holder writes the files and completes the item, and
     * publishes nothing.
     */
    static Optional<PublishedPost> alreadyOut(int version, Optional<PublishedPost> latest) {
        return latest.filter(post -> post.version() >= version);
    }

    /**
     * Why a holder must not publish now, or empty when it may: a heartbeat of it was refused
     * ({@code lostBecause}), or its lease, as far as the engine has confirmed it, ends within
     * {@link #PUBLISH_MARGIN} (unanswered heartbeats do not extend it).
     */
    static Optional<String> notPublishing(String lostBecause, Duration leaseLeft) {
        if (lostBecause != null) {
            return Optional.of(lostBecause);
        }
        if (leaseLeft.compareTo(PUBLISH_MARGIN) <= 0) {
            return Optional.of("the lease ends within " + PUBLISH_MARGIN.toSeconds() + " s (" + leaseLeft.toMillis()
                    + " ms left) and no heartbeat extended it");
        }
        return Optional.empty();
    }

    /** What stands in the way when the claim of the version's item is refused while the item has not ended. */
    static String holdUp(
            Reason reason, String owner, Instant leaseUntil, String detail, String itemId, String slug, int version) {
        if (reason == Reason.ALREADY_CLAIMED) {
            return owner + " is writing version " + version + " of " + slug + " (lease until " + leaseUntil + ")";
        }
        return reason + " on the devlog item " + itemId + ": " + detail;
    }

    /** What the writer reports on completing a version's item: the post, its version and how many items it tells of. */
    static Result completion(PublishedPost post) {
        return Result.of("Published " + post.title() + " (version " + post.version() + ") from "
                        + post.itemIds().size() + " items")
                .withNotes(post.description())
                .withTags(List.of(DevlogItems.TYPE))
                .withLogs(List.of("devlog.publish slug=" + post.slug() + " version=" + post.version() + " items="
                        + post.itemIds().size()));
    }

    /** What a post is written from, as one value: equal material, equal fingerprint. */
    static String fingerprint(DayMaterial day) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Json.mapper().writeValueAsBytes(day)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
