package dev.baton.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalKafkaTest {

    @TempDir
    Path dataDir;

    @Test
    void createsTheCatalogAndKeepsItsRecordsAcrossARestart() throws Exception {
        final int port;
        final int controllerPort;
        try (LocalKafka kafka = LocalKafka.builder()
                        .dataDir(dataDir)
                        .port(0)
                        .controllerPort(0)
                        .topics(Topics.all())
                        .build()
                        .start();
                Admin admin = kafka.admin()) {
            port = Integer.parseInt(kafka.bootstrapServers().split(":")[1]);
            controllerPort = Integer.parseInt(
                    readProperty(dataDir.resolve("server.properties"), "controller.quorum.bootstrap.servers")
                            .split(":")[1]);

            final Set<String> names = admin.listTopics().names().get();
            assertThat(names)
                    .containsAll(Topics.all().stream().map(t -> t.name()).toList());
            assertThat(cleanupPolicy(admin, "claims")).isEqualTo("compact");
            assertThat(cleanupPolicy(admin, "item-events")).isEqualTo("delete");
            assertThat(admin.describeTopics(List.of("claim-requests"))
                            .allTopicNames()
                            .get()
                            .get("claim-requests")
                            .partitions())
                    .hasSize(Topics.DEFAULT_PARTITIONS);

            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                producer.send(new ProducerRecord<>("backlog-items", "42", "kept"))
                        .get();
            }
        }

        try (LocalKafka again = LocalKafka.builder()
                .dataDir(dataDir)
                .port(port)
                .controllerPort(controllerPort)
                .topics(Topics.all())
                .build()
                .start()) {
            assertThat(readAll(again.bootstrapServers(), "backlog-items")).containsExactly("kept");
        }
    }

    private static String cleanupPolicy(Admin admin, String topic) throws Exception {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config config =
                admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get("cleanup.policy").value();
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new StringSerializer());
    }

    private static List<String> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(),
                new StringDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final List<String> values = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static String readProperty(Path file, String key) throws Exception {
        final java.util.Properties props = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(file)) {
            props.load(in);
        }
        return props.getProperty(key);
    }
}
