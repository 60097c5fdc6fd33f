package dev.baton.infra.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes topics of the {@link SharedKafka} broker from a test: await records that match,
 * with a deadline (never a sleep), and produce raw records. Reads only committed records, as a
 * downstream consumer of an exactly-once producer would. The readers also take the bootstrap
 * address of another broker (the end-to-end tests run theirs in a process of its own).
 */
public final class TopicProbe {

    private TopicProbe() {}

    /** Waits until {@code count} records matching {@code match} are on the topic; returns them in offset order per partition. */
    public static List<ConsumerRecord<String, byte[]>> await(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
        return await(SharedKafka.bootstrapServers(), topic, match, count, timeout);
    }

    /** {@link #await(String, Predicate, int, Duration)} on the broker at {@code bootstrap}. */
    public static List<ConsumerRecord<String, byte[]>> await(
            String bootstrap,
            String topic,
            Predicate<ConsumerRecord<String, byte[]>> match,
            int count,
            Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(bootstrap, topic)) {
            final List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("found " + found.size() + " of " + count + " matching records on " + topic
                            + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /**
     * Every committed record of the topic, up to its end as of now, that matches: for proving that
     * something did <em>not</em> happen (a second item, a dead letter) once the records before it are in.
     */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        return readToEnd(SharedKafka.bootstrapServers(), topic, match, timeout);
    }

    /** {@link #readToEnd(String, Predicate, Duration)} on the broker at {@code bootstrap}. */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(
            String bootstrap, String topic, Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = fromBeginning(bootstrap, topic)) {
            final List<TopicPartition> partitions = List.copyOf(consumer.assignment());
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** A read-committed consumer of every partition of the topic, at its beginning. */
    private static KafkaConsumer<String, byte[]> fromBeginning(String bootstrap, String topic) {
        final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Produces one record and waits for the broker's acknowledgement. */
    public static RecordMetadata produce(String topic, String key, byte[] value, Header... headers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, null, key, value, List.of(headers)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
