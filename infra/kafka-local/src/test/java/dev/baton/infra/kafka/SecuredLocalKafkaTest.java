package dev.baton.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.contracts.catalog.Access;
import dev.baton.contracts.catalog.TopicSpec;
import dev.baton.contracts.catalog.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker as a secured cluster is: every client authenticates with SASL/SCRAM as its
 * service's principal, and the ACLs of {@link Access} hold each to the single-writer rule.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecuredLocalKafkaTest {

    @TempDir
    static Path dataDir;

    private static LocalKafka kafka;

    @BeforeAll
    static void startASecuredBroker() {
        final Map<String, String> passwords = new HashMap<>();
        passwords.put(Scram.ADMIN, UUID.randomUUID().toString());
        for (Access.Principal principal : Access.all()) {
            passwords.put(principal.name(), UUID.randomUUID().toString());
        }
        kafka = LocalKafka.builder()
                .dataDir(dataDir)
                .port(0)
                .controllerPort(0)
                .topics(Topics.all())
                .scram(passwords, Access.aclBindings())
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static KafkaProducer<String, String> producerOf(Access.Principal principal) {
        return producer(kafka.clientSettings(principal.name()));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> security) {
        final Map<String, Object> settings = new HashMap<>(security);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static Throwable sendFails(KafkaProducer<String, String> producer, TopicSpec topic) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), "k", "v")).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void aServiceCannotWriteATopicItIsNotTheSingleWriterOf() {
        try (KafkaProducer<String, String> writer = producerOf(Access.WRITER_SERVICE)) {
            assertThat(sendFails(writer, Topics.CLAIMS)).isInstanceOf(TopicAuthorizationException.class);
            assertThat(sendFails(writer, Topics.BACKLOG_ITEMS)).isInstanceOf(TopicAuthorizationException.class);
            // its own topic takes its records
            assertThat(sendFails(writer, Topics.DEVLOG_POSTS)).isNull();
        }
        try (KafkaProducer<String, String> submitter = producerOf(Access.SUBMITTER)) {
            assertThat(sendFails(submitter, Topics.CLAIM_REQUESTS)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aCloudEventFromTheSubmitterPrincipalReachesBacklogSubmissionsForTheBacklogServiceToRead() throws Exception {
        final String id = UUID.randomUUID().toString();
        final ProducerRecord<String, String> event = new ProducerRecord<>(
                Topics.BACKLOG_SUBMISSIONS.name(), 0, id, "{\"type\":\"build\",\"title\":\"Build 42\"}");
        event.headers()
                .add(new RecordHeader("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("ce_id", id.getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("ce_source", "ci".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("ce_type", "dev.baton.item.submit".getBytes(StandardCharsets.UTF_8)));

        try (KafkaProducer<String, String> submitter = producerOf(Access.SUBMITTER)) {
            submitter.send(event).get(20, TimeUnit.SECONDS);
        }

        final Map<String, Object> settings = new HashMap<>(kafka.clientSettings(Access.BACKLOG_SERVICE.name()));
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> backlog =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition partition = new TopicPartition(Topics.BACKLOG_SUBMISSIONS.name(), 0);
            backlog.assign(List.of(partition));
            backlog.seekToBeginning(List.of(partition));
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecord<String, String> found = null;
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : backlog.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        found = record;
                    }
                }
            }
            assertThat(found).isNotNull();
            assertThat(new String(found.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("dev.baton.item.submit");
        }
    }

    @Test
    void aClientWithoutTheRightPasswordIsNotLetIn() {
        try (KafkaProducer<String, String> stranger =
                producer(Scram.clientSettings(Access.SUBMITTER.name(), "not-the-password"))) {
            assertThatThrownBy(() -> stranger.partitionsFor(Topics.BACKLOG_SUBMISSIONS.name()))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }
}
