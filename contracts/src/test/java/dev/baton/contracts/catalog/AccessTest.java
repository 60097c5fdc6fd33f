package dev.baton.contracts.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Access.Principal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AccessTest {

    @Test
    void everyTopicButTheEngineInputsHasExactlyOneWriter() {
        for (TopicSpec topic : Topics.all()) {
            final Set<Principal> writers = Access.writersOf(topic);
            if (Access.ENGINE_INPUTS.contains(topic)) {
                assertThat(writers).as(topic.name()).isNotEmpty();
            } else {
                assertThat(writers)
                        .as(topic.name() + " is written by one principal")
                        .hasSize(1);
            }
        }
    }

    @Test
    void theEngineIsTheOnlyWriterOfTheTruthItDecides() {
        assertThat(Access.writersOf(Topics.ITEM_EVENTS)).containsExactly(Access.CLAIM_SERVICE);
        assertThat(Access.writersOf(Topics.CLAIMS)).containsExactly(Access.CLAIM_SERVICE);
        assertThat(Access.writersOf(Topics.DEVLOG_POSTS)).containsExactly(Access.WRITER_SERVICE);
        assertThat(Access.writersOf(Topics.BACKLOG_SUBMISSIONS)).containsExactly(Access.SUBMITTER);
    }

    @Test
    void everyTopicReadIsOneOfTheCatalogAndWrittenBySomeone() {
        for (Principal principal : Access.all()) {
            for (TopicSpec topic : principal.reads()) {
                assertThat(Topics.byName(topic.name())).as(topic.name()).contains(topic);
                assertThat(Access.writersOf(topic))
                        .as(topic.name() + " read by " + principal.name())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void aServiceMayWriteOnlyItsOwnTopics() {
        final List<AclBinding> claim = Access.CLAIM_SERVICE.aclBindings();

        assertThat(writable(claim))
                .containsExactlyInAnyOrder(
                        "item-events", "claims", "claim-replies", "claim-hints", "claim-engine-dlq", "claim-requests");
        assertThat(writable(Access.SUBMITTER.aclBindings())).containsExactly("backlog-submissions");
        assertThat(Access.SUBMITTER.aclBindings()).allSatisfy(binding -> {
            assertThat(binding.entry().principal()).isEqualTo("User:baton-submitter");
            assertThat(binding.entry().operation()).isEqualTo(AclOperation.WRITE);
        });
    }

    @Test
    void aStreamsApplicationOwnsItsGroupItsTransactionsAndItsInternalTopicsByPrefix() {
        final List<AclBinding> writer = Access.WRITER_SERVICE.aclBindings();

        assertThat(writer).anySatisfy(binding -> {
            assertThat(binding.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
            assertThat(binding.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
            assertThat(binding.pattern().name()).isEqualTo("baton-writer-");
            assertThat(binding.entry().operation()).isEqualTo(AclOperation.ALL);
        });
        assertThat(writer).anySatisfy(binding -> {
            assertThat(binding.pattern().resourceType()).isEqualTo(ResourceType.TRANSACTIONAL_ID);
            assertThat(binding.pattern().name()).isEqualTo("baton-writer-");
        });
        assertThat(writer).anySatisfy(binding -> {
            assertThat(binding.pattern().resourceType()).isEqualTo(ResourceType.GROUP);
            assertThat(binding.pattern().patternType()).isEqualTo(PatternType.LITERAL);
            assertThat(binding.pattern().name()).isEqualTo("baton-writer");
        });
    }

    @Test
    void noPrefixGrantReachesACatalogTopicOrAnotherPrincipalsResources() {
        for (Principal principal : Access.all()) {
            for (String application : principal.streamsApplications()) {
                final String prefix = application + "-";
                assertThat(Topics.all()).noneMatch(topic -> topic.name().startsWith(prefix));
                for (Principal other : Access.all()) {
                    if (other == principal) {
                        continue;
                    }
                    assertThat(other.consumerGroups()).noneMatch(g -> g.startsWith(prefix) || g.equals(application));
                    assertThat(other.streamsApplications())
                            .noneMatch(a -> (a + "-").startsWith(prefix) || prefix.startsWith(a + "-"));
                }
            }
        }
    }

    @Test
    void principalNamesAreUnique() {
        assertThat(Access.all().stream().map(Principal::name).collect(Collectors.toSet()))
                .hasSize(Access.all().size());
    }

    private static Set<String> writable(List<AclBinding> bindings) {
        return bindings.stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .filter(b -> b.entry().operation() == AclOperation.WRITE)
                .map(b -> b.pattern().name())
                .collect(Collectors.toSet());
    }
}
