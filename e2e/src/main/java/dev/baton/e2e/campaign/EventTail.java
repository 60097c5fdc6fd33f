package dev.baton.e2e.campaign;

import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code item-events} while the campaign runs, committed records only, so the campaign can
 * wait on the work itself (so many completions since a fault, every item finished) rather than on
 * time. It rides out the broker's death: its consumer reconnects as any client does.
 */
public final class EventTail implements AutoCloseable {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, ItemEvent> last = new ConcurrentHashMap<>();
    private final AtomicLong completions = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    private EventTail(String bootstrap) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        final String topic = Topics.ITEM_EVENTS.name();
        final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::follow, "event-tail");
        thread.setDaemon(true);
        thread.start();
    }

    public static EventTail follow(String bootstrap) {
        return new EventTail(bootstrap);
    }

    /** Completions on record so far. */
    public long completions() {
        return completions.get();
    }

    /** How many of these items are finished (done, dead or cancelled) on record so far. */
    public long finished(Set<String> ids) {
        return ids.stream()
                .map(last::get)
                .filter(e -> e != null && e.state() != null && e.state().terminal())
                .count();
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        try (consumer) {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (EVENTS.decode(record.value()) instanceof Decoded.Ok<ItemEvent> ok) {
                        last.put(ok.value().itemId(), ok.value());
                        if (ok.value() instanceof ItemCompleted) {
                            completions.incrementAndGet();
                        }
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closed
        } catch (KafkaException e) {
            if (!closed) {
                throw e;
            }
        }
    }
}
