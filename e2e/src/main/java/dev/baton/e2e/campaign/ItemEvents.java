package dev.baton.e2e.campaign;

import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The record the history checker judges: every committed event of {@code item-events}, from the
 * first offset of each partition to the end it has when the read begins. A real consumer with
 * {@code read_committed}: an aborted transaction's events (a fenced instance's, say) are not part
 * of the record, and must not be, since no one acted on them.
 */
public final class ItemEvents {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    /** What was read: the events in partition order, and the records that would not decode. */
    public record Read(List<ItemEvent> events, List<String> unreadable) {}

    private ItemEvents() {}

    public static Read readAll(String bootstrap, Duration timeout) {
        final String topic = Topics.ITEM_EVENTS.name();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2000),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed these are the last stable offsets: nothing still in a transaction.
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            final List<ItemEvent> events = new ArrayList<>();
            final List<String> unreadable = new ArrayList<>();
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    final Decoded<ItemEvent> decoded = EVENTS.decode(record.value());
                    if (decoded instanceof Decoded.Ok<ItemEvent> ok) {
                        events.add(ok.value());
                    } else if (decoded instanceof Decoded.Failed<ItemEvent> failed) {
                        unreadable.add(record.partition() + "@" + record.offset() + ": " + failed.reason());
                    }
                }
            }
            return new Read(List.copyOf(events), List.copyOf(unreadable));
        }
    }
}
