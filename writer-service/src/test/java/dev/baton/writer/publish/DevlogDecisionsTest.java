package dev.baton.writer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.client.NewItem;
import dev.baton.client.Reason;
import dev.baton.client.Result;
import dev.baton.writer.Events;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import dev.baton.writer.publish.DevlogDecisions.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The devlog cycle's decisions, on values: no broker, no service, no clock. */
class DevlogDecisionsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-02-05");
    private static final String SLUG = "2026-02-05-devlog";
    private static final DayMaterial ONE_DONE = DayMaterial.empty(DAY)
            .with(
                    Events.completed("it-1", "2026-02-05T09:00:00Z", "a7", 1, "parser done"),
                    MaterialSettings.defaults());
    private static final DayMaterial TWO_DONE = ONE_DONE.with(
            Events.completed("it-2", "2026-02-05T17:00:00Z", "a8", 1, "lexer done"), MaterialSettings.defaults());

    private static PublishedPost post(int version, DayMaterial from) {
        return new PublishedPost(
                DAY,
                SLUG,
                "Devlog: " + DAY,
                "A day of parsing",
                List.of("devlog"),
                version,
                List.of("it-1"),
                DevlogDecisions.fingerprint(from),
                "md",
                "mdx",
                Instant.parse("2026-02-05T23:50:00Z"),
                "writer-local-1a2b3c4d");
    }

    @Test
    void aDayNotPublishedYetIsWrittenAsVersionOne() {
        final Plan plan = DevlogDecisions.plan(ONE_DONE, Optional.empty());

        assertThat(plan).isEqualTo(new Plan.Write(1, DevlogDecisions.fingerprint(ONE_DONE)));
    }

    @Test
    void materialUnchangedSinceTheLatestPostMakesNoNewVersion() {
        final PublishedPost latest = post(1, ONE_DONE);

        final Plan plan = DevlogDecisions.plan(ONE_DONE, Optional.of(latest));

        assertThat(plan).isEqualTo(new Plan.Unchanged(latest));
    }

    @Test
    void newMaterialSinceTheLatestPostMakesTheNextVersion() {
        final Plan plan = DevlogDecisions.plan(TWO_DONE, Optional.of(post(2, ONE_DONE)));

        assertThat(plan).isEqualTo(new Plan.Write(3, DevlogDecisions.fingerprint(TWO_DONE)));
    }

    @Test
    void equalMaterialHasEqualFingerprintsAndOtherMaterialAnother() {
        final DayMaterial again = DayMaterial.empty(DAY)
                .with(
                        Events.completed("it-1", "2026-02-05T09:00:00Z", "a7", 1, "parser done"),
                        MaterialSettings.defaults());

        assertThat(DevlogDecisions.fingerprint(again))
                .isEqualTo(DevlogDecisions.fingerprint(ONE_DONE))
                .hasSize(64)
                .isNotEqualTo(DevlogDecisions.fingerprint(TWO_DONE));
    }

    @Test
    void everyReplicaNamesTheSameItemForAVersionAndForEachItemPassedOver() {
        assertThat(DevlogDecisions.itemKey(DAY, 1, 0)).isEqualTo("devlog:2026-02-05");
        assertThat(DevlogDecisions.itemKey(DAY, 2, 0)).isEqualTo("devlog:2026-02-05/v2");
        assertThat(DevlogDecisions.itemKey(DAY, 1, 1)).isEqualTo("devlog:2026-02-05#1");
        assertThat(DevlogDecisions.itemKey(DAY, 3, 2)).isEqualTo("devlog:2026-02-05/v3#2");
    }

    @Test
    void aVersionsItemIsADevlogItemLabelledWithItsDayUnderTheWritersLease() {
        final NewItem item = DevlogDecisions.item(DAY, 2, 1, 60);

        assertThat(item.type()).isEqualTo("devlog");
        assertThat(item.title()).isEqualTo("Devlog: 2026-02-05 (version 2)");
        assertThat(item.labels()).containsExactly("devlog", "devlog-date:2026-02-05");
        assertThat(item.leaseSeconds()).isEqualTo(60);
        assertThat(item.maxAttempts()).isEqualTo(5);
        assertThat(item.priority()).isZero();
        assertThat(item.idempotencyKey()).isEqualTo("devlog:2026-02-05/v2#1");
        assertThat(item.payload().path("date").asText()).isEqualTo("2026-02-05");
        assertThat(item.payload().path("version").asInt()).isEqualTo(2);
        assertThat(DevlogDecisions.item(DAY, 1, 0, 60).title()).isEqualTo("Devlog: 2026-02-05");
    }

    @Test
    void anEndedItemWhoseVersionHasNoPostIsPassedOver() {
        assertThat(DevlogDecisions.passOver(1, Optional.empty())).isTrue();
        assertThat(DevlogDecisions.passOver(2, Optional.of(post(1, ONE_DONE)))).isTrue();
    }

    @Test
    void anEndedItemWhoseVersionIsOutIsNotPassedOver() {
        // Another replica wrote the version and completed its item since this one read the posts.
        assertThat(DevlogDecisions.passOver(2, Optional.of(post(2, TWO_DONE)))).isFalse();
        assertThat(DevlogDecisions.passOver(1, Optional.of(post(2, TWO_DONE)))).isFalse();
    }

    @Test
    void aVersionAHolderBeforePublishedIsFoundOutAndAnEarlierOneIsNot() {
        final PublishedPost second = post(2, TWO_DONE);

        assertThat(DevlogDecisions.alreadyOut(2, Optional.of(second))).contains(second);
        assertThat(DevlogDecisions.alreadyOut(3, Optional.of(second))).isEmpty();
        assertThat(DevlogDecisions.alreadyOut(1, Optional.empty())).isEmpty();
    }

    @Test
    void aHolderWhoseHeartbeatWasRefusedDoesNotPublish() {
        assertThat(DevlogDecisions.notPublishing("STALE_EPOCH", Duration.ofSeconds(50)))
                .contains("STALE_EPOCH");
    }

    @Test
    void aHolderWhoseLeaseEndsWithinTwoSecondsDoesNotPublish() {
        assertThat(DevlogDecisions.notPublishing(null, Duration.ofMillis(1999)))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("within 2 s").contains("1999 ms left"));
        assertThat(DevlogDecisions.notPublishing(null, Duration.ofSeconds(2))).isPresent();
        assertThat(DevlogDecisions.notPublishing(null, Duration.ZERO)).isPresent();
    }

    @Test
    void aHolderWithMoreThanTwoSecondsOfConfirmedLeasePublishes() {
        assertThat(DevlogDecisions.notPublishing(null, Duration.ofMillis(2001))).isEmpty();
        assertThat(DevlogDecisions.notPublishing(null, Duration.ofSeconds(60))).isEmpty();
    }

    @Test
    void aClaimHeldByAnotherReplicaSaysWhoWritesWhichVersionAndUntilWhen() {
        final String holdUp = DevlogDecisions.holdUp(
                Reason.ALREADY_CLAIMED,
                "writer-2-abcd",
                Instant.parse("2026-02-05T23:51:00Z"),
                "held",
                "item-9",
                SLUG,
                2);

        assertThat(holdUp)
                .isEqualTo("writer-2-abcd is writing version 2 of 2026-02-05-devlog (lease until "
                        + "2026-02-05T23:51:00Z)");
        assertThat(DevlogDecisions.holdUp(Reason.NOT_READY, null, null, "in backoff until 23:52", "item-9", SLUG, 2))
                .isEqualTo("NOT_READY on the devlog item item-9: in backoff until 23:52");
    }

    @Test
    void theCompletionTellsThePostItsVersionAndHowManyItemsItTellsOf() {
        final Result result = DevlogDecisions.completion(post(2, TWO_DONE));

        assertThat(result.summary()).isEqualTo("Published Devlog: 2026-02-05 (version 2) from 1 items");
        assertThat(result.notes()).isEqualTo("A day of parsing");
        assertThat(result.tags()).containsExactly("devlog");
        assertThat(result.logs()).containsExactly("devlog.publish slug=2026-02-05-devlog version=2 items=1");
    }
}
