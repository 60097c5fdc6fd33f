package dev.baton.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.contracts.catalog.CleanupPolicy;
import dev.baton.contracts.catalog.TopicSpec;
import dev.baton.contracts.catalog.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void claimsAndDevlogPostsAreCompactedAndEverythingElseIsDeletedByAge() {
        assertThat(Topics.all())
                .filteredOn(t -> t.cleanup() == CleanupPolicy.COMPACT)
                .extracting(TopicSpec::name)
                .containsExactlyInAnyOrder("claims", "claim-hints", "devlog-posts");
        assertThat(Topics.CLAIMS.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.ITEM_EVENTS.configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry(
                        "retention.ms", Long.toString(Duration.ofDays(365).toMillis()));
    }

    @Test
    void coPartitionedInputsShareOnePartitionCount() {
        assertThat(List.of(Topics.BACKLOG_ITEMS, Topics.CLAIM_REQUESTS, Topics.CLAIMS, Topics.ITEM_EVENTS))
                .extracting(TopicSpec::partitions)
                .containsOnly(Topics.DEFAULT_PARTITIONS);
        assertThat(Topics.all(3))
                .filteredOn(t -> t != Topics.CLAIM_HINTS && t != Topics.CLAIM_REPLIES)
                .extracting(TopicSpec::partitions)
                .containsOnly(3);
    }

    @Test
    void namesAreUniqueAndEveryDeadLetterTopicBelongsToAnInput() {
        final List<String> names = Topics.all().stream().map(TopicSpec::name).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(names)
                .filteredOn(n -> n.endsWith("-dlq"))
                .allSatisfy(n -> assertThat(n).isIn("backlog-submissions-dlq", "claim-engine-dlq", "item-events-dlq"));
        assertThat(Topics.byName("claims")).contains(Topics.CLAIMS);
    }

    @Test
    void rejectsNamesThatAreNotKebabCase() {
        assertThatThrownBy(() -> new TopicSpec("Claims_Topic", 1, CleanupPolicy.DELETE, null, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
