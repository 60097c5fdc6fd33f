package dev.baton.contracts.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on Kafka, next to the topics it is about: one principal per service (and one
 * for the other systems that submit work), with the topics it writes and reads, its consumer
 * groups and its Kafka Streams applications. The broker's ACLs and the Kubernetes
 * {@code KafkaUser}s are made from this list and from nothing else.
 *
 * <p>The entries are facts of the code: the topics each service's topology and clients name,
 * and the group and application ids of each service's {@code application.properties}. Tests
 * hold them to that (each topology's sources and sinks; the ids in the properties).
 *
 * <p>The single-writer rule: a topic is written by one principal, except the engine's inputs
 * ({@link #ENGINE_INPUTS}), which are requests to the engine from every door and are ordered
 * by the engine, not by who sent them.
 */
public final class Access {

    /**
     * The one topic more than one principal writes: commands for the engine
     * ({@code claim-requests}), from the agent API, the backlog's operator calls (cancel,
     * redrive) and the engine's notices to itself about dependencies.
     */
    public static final Set<TopicSpec> ENGINE_INPUTS = Set.of(Topics.CLAIM_REQUESTS);

    /**
     * A Kafka principal of Baton.
     *
     * @param name                the user name: the principal is {@code User:name} (SCRAM), and the
     *                            Kubernetes {@code KafkaUser} and its Secret carry this name
     * @param writes              topics it produces to
     * @param reads               topics it consumes, in a group or by assignment
     * @param consumerGroups      consumer group ids it commits offsets under (not its Streams applications)
     * @param streamsApplications Kafka Streams application ids: each is a consumer group, the
     *                            prefix of its transactional ids and of its internal topics
     *                            (changelogs, repartitions)
     */
    public record Principal(
            String name,
            String purpose,
            List<TopicSpec> writes,
            List<TopicSpec> reads,
            List<String> consumerGroups,
            List<String> streamsApplications) {

        private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

        public Principal {
            Objects.requireNonNull(purpose, "purpose");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("principal names are kebab-case (a Kubernetes name too): " + name);
            }
            writes = List.copyOf(writes);
            reads = List.copyOf(reads);
            consumerGroups = List.copyOf(consumerGroups);
            streamsApplications = List.copyOf(streamsApplications);
            for (String id : streamsApplications) {
                if (!NAME.matcher(id).matches()) {
                    throw new IllegalArgumentException("application ids are kebab-case: " + id);
                }
            }
        }

        /** The principal as the broker names it. */
        public String kafkaPrincipal() {
            return "User:" + name;
        }

        /**
         * The ACLs that let this principal do its work and nothing more: write its topics, read
         * its topics, use its groups; for each Streams application, its group, its transactional
         * ids and its internal topics (which Streams creates and deletes), by prefix
         * {@code <application id>-}. On the broker Read and Write imply Describe.
         */
        public List<AclBinding> aclBindings() {
            final List<AclBinding> bindings = new ArrayList<>();
            for (TopicSpec topic : writes) {
                bindings.add(allow(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, AclOperation.WRITE));
            }
            for (TopicSpec topic : reads) {
                bindings.add(allow(ResourceType.TOPIC, topic.name(), PatternType.LITERAL, AclOperation.READ));
            }
            for (String group : consumerGroups) {
                bindings.add(allow(ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
            }
            for (String application : streamsApplications) {
                bindings.add(allow(ResourceType.GROUP, application, PatternType.LITERAL, AclOperation.READ));
                bindings.add(allow(ResourceType.TOPIC, application + "-", PatternType.PREFIXED, AclOperation.ALL));
                bindings.add(allow(
                        ResourceType.TRANSACTIONAL_ID, application + "-", PatternType.PREFIXED, AclOperation.WRITE));
            }
            return List.copyOf(bindings);
        }

        private AclBinding allow(ResourceType type, String resource, PatternType pattern, AclOperation operation) {
            return new AclBinding(
                    new ResourcePattern(type, resource, pattern),
                    new AccessControlEntry(kafkaPrincipal(), "*", operation, AclPermissionType.ALLOW));
        }
    }

    /**
     * The claim engine (Streams application {@code baton-claim-engine}) and the agent API, whose
     * engine client sends commands and reads every answer and hint by assignment (no group).
     */
    public static final Principal CLAIM_SERVICE = new Principal(
            "claim-service",
            "the claim engine and the agent API",
            List.of(
                    Topics.ITEM_EVENTS,
                    Topics.CLAIMS,
                    Topics.CLAIM_REPLIES,
                    Topics.CLAIM_HINTS,
                    Topics.CLAIM_ENGINE_DLQ,
                    Topics.CLAIM_REQUESTS),
            List.of(Topics.BACKLOG_ITEMS, Topics.CLAIM_REQUESTS, Topics.CLAIM_REPLIES, Topics.CLAIM_HINTS),
            List.of(),
            List.of("baton-claim-engine"));

    /**
     * Submissions (HTTP, and the ingest of {@code backlog-submissions} in group
     * {@code baton-backlog-ingest}), the operator's cancel and redrive, and the read model
     * (Streams application {@code baton-backlog-read-model}).
     */
    public static final Principal BACKLOG_SERVICE = new Principal(
            "backlog-service",
            "submissions, the operator's calls and the read model",
            List.of(Topics.BACKLOG_ITEMS, Topics.CLAIM_REQUESTS, Topics.BACKLOG_SUBMISSIONS_DLQ),
            List.of(
                    Topics.BACKLOG_SUBMISSIONS,
                    Topics.CLAIMS,
                    Topics.ITEM_EVENTS,
                    Topics.CLAIM_REPLIES,
                    Topics.CLAIM_HINTS),
            List.of("baton-backlog-ingest"),
            List.of("baton-backlog-read-model"));

    /**
     * The daily devlog: each day's material (Streams application {@code baton-writer}), the posts
     * it publishes and reads back by assignment, and its own devlog items, which it submits and
     * claims through the engine client.
     */
    public static final Principal WRITER_SERVICE = new Principal(
            "writer-service",
            "the daily devlog",
            List.of(Topics.DEVLOG_POSTS, Topics.ITEM_EVENTS_DLQ),
            List.of(Topics.ITEM_EVENTS, Topics.DEVLOG_POSTS),
            List.of(),
            List.of("baton-writer"));

    /** Other systems that ask for work as CloudEvents on {@code backlog-submissions}. */
    public static final Principal SUBMITTER = new Principal(
            "baton-submitter",
            "other systems' CloudEvents asking for new items",
            List.of(Topics.BACKLOG_SUBMISSIONS),
            List.of(),
            List.of(),
            List.of());

    private static final List<Principal> ALL = List.of(CLAIM_SERVICE, BACKLOG_SERVICE, WRITER_SERVICE, SUBMITTER);

    private Access() {}

    /** Every principal, in a stable order. */
    public static List<Principal> all() {
        return ALL;
    }

    /** The principals that write the topic. */
    public static Set<Principal> writersOf(TopicSpec topic) {
        final Set<Principal> writers = new LinkedHashSet<>();
        for (Principal principal : ALL) {
            if (principal.writes().contains(topic)) {
                writers.add(principal);
            }
        }
        return writers;
    }

    /** Every ACL of every principal. */
    public static List<AclBinding> aclBindings() {
        return ALL.stream().flatMap(p -> p.aclBindings().stream()).toList();
    }
}
