package dev.baton.claim.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.infra.testing.SharedKafka;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A static member (the pod name as group.instance.id) stays in its group when it just closes,
 * and so holds its partitions until its session times out; stopped by {@link LeaveGroupOnStop}
 * it leaves at once.
 */
@Timeout(120)
class LeaveGroupOnStopIT {

    private final String bootstrap = SharedKafka.bootstrapServers();
    private final String application =
            "leave-group-" + UUID.randomUUID().toString().substring(0, 8);
    private Admin admin;
    private KafkaStreams streams;

    @BeforeEach
    void start() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        admin.createTopics(List.of(new NewTopic(application + "-in", 1, (short) 1)))
                .all()
                .get();
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(application + "-in").foreach((k, v) -> {});
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, application);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("leave-group").toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.consumerPrefix("group.instance.id"), application + "-0");
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> members().size() == 1);
    }

    @AfterEach
    void stop() {
        streams.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
    }

    @Test
    void aStaticMemberThatOnlyClosesStaysInItsGroup() throws Exception {
        streams.close(Duration.ofSeconds(20));

        // Streams names each stream thread's member after the instance id: <id>-<thread>.
        assertThat(members())
                .singleElement()
                .satisfies(m -> assertThat(m.groupInstanceId().orElseThrow()).startsWith(application + "-0-"));
    }

    @Test
    void aStaticMemberStoppedByLeaveGroupOnStopLeavesItsGroupAtOnce() throws Exception {
        assertThat(LeaveGroupOnStop.leave(streams, Duration.ofSeconds(20))).isTrue();

        assertThat(members()).isEmpty();
    }

    private Collection<MemberDescription> members() throws Exception {
        return admin.describeConsumerGroups(List.of(application))
                .all()
                .get()
                .get(application)
                .members();
    }
}
