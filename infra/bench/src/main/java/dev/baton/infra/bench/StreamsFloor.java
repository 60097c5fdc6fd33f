package dev.baton.infra.bench;

import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Decision;
import dev.baton.claim.engine.Settings;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.reply.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The floor under Baton's throughput: a bare Kafka Streams processor on the same broker making
 * the same decisions with Baton's own rule ({@link ClaimRule}) and codec: an item's state in a
 * changelogged RocksDB store, exactly-once, the claim-service's commit interval, one answer per
 * command on a one-partition reply topic. What it leaves out is everything Baton adds around the
 * rule: HTTP and tokens, the request log, the indexes, the {@code claims} and {@code item-events}
 * records, the read model, claim-next's choice of item. The ratio of Baton's items/s to this is
 * how much of the machine that machinery costs.
 *
 * <p>Items are submitted and settled first; then one claim and one complete per item are written
 * at once, and the clock runs from the first of them written to the last answer read committed.
 */
final class StreamsFloor {

    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Codec<Item> ITEMS = Codec.of(Item.class);
    private static final Codec<Reply> REPLIES = Codec.of(Reply.class);
    private static final String KIND = "kind";
    private static final int PARTITIONS = 12;

    /** What one floor run measured. */
    record Figures(int items, double seconds, long accepted, long rejected) {
        double itemsPerSecond() {
            return items / seconds;
        }

        double decisionsPerSecond() {
            return (accepted + rejected) / seconds;
        }
    }

    private final String bootstrap;

    StreamsFloor(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    Figures run(int items) throws Exception {
        final String run = "bench-floor-" + UUID.randomUUID().toString().substring(0, 8);
        final String in = run + "-requests";
        final String out = run + "-replies";
        final Path stateDir = Files.createTempDirectory(run);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1), new NewTopic(out, 1, (short) 1)))
                    .all()
                    .get();
            try (KafkaProducer<String, byte[]> producer = producer();
                    KafkaConsumer<String, byte[]> replies = consumer(out);
                    KafkaStreams streams = new KafkaStreams(topology(in, out), streamsConfig(run, stateDir))) {
                final List<String> ids = new ArrayList<>(items);
                for (int i = 0; i < items; i++) {
                    ids.add(run + "-" + i);
                }
                final Instant now = Instant.now();
                for (String id : ids) {
                    send(
                            producer,
                            in,
                            id,
                            "submit",
                            EVENTS.encode(new ItemEvent.ItemSubmitted(
                                    id, now, null, ItemSpec.of("floor", "floor item"), "submit-" + id)));
                }
                producer.flush();
                streams.start();
                awaitAnswers(replies, items, Duration.ofMinutes(5), new long[2]);

                final long start = System.nanoTime();
                for (String id : ids) {
                    send(
                            producer,
                            in,
                            id,
                            "command",
                            COMMANDS.encode(new Command.ClaimItem("claim-" + id, id, "floor-agent", 60)));
                    send(
                            producer,
                            in,
                            id,
                            "command",
                            COMMANDS.encode(new Command.CompleteItem(
                                    "complete-" + id,
                                    id,
                                    "floor-agent",
                                    1,
                                    new Result("floor", null, List.of(), List.of()))));
                }
                producer.flush();
                final long[] outcomes = new long[2];
                awaitAnswers(replies, 2L * items, Duration.ofMinutes(5), outcomes);
                final double seconds = (System.nanoTime() - start) / 1e9;
                streams.close(Duration.ofSeconds(30));
                streams.cleanUp();
                return new Figures(items, seconds, outcomes[0], outcomes[1]);
            } finally {
                admin.deleteTopics(List.of(in, out));
            }
        }
    }

    private static void send(
            KafkaProducer<String, byte[]> producer, String topic, String key, String kind, byte[] value) {
        final ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(KIND, kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        producer.send(record);
    }

    /** Reads answers until {@code count} arrived; counts accepted ones in [0] and refusals in [1]. */
    private static void awaitAnswers(
            KafkaConsumer<String, byte[]> replies, long count, Duration within, long[] outcomes)
            throws InterruptedException {
        final long deadline = System.nanoTime() + within.toNanos();
        long seen = 0;
        while (seen < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the floor answered " + seen + " of " + count + " within " + within);
            }
            for (ConsumerRecord<String, byte[]> record : replies.poll(Duration.ofMillis(100))) {
                seen++;
                if (REPLIES.decode(record.value()) instanceof Decoded.Ok<Reply> ok
                        && ok.value() instanceof Reply.Rejected) {
                    outcomes[1]++;
                } else {
                    outcomes[0]++;
                }
            }
        }
    }

    private org.apache.kafka.streams.Topology topology(String in, String out) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore("floor-items"), Serdes.String(), Serdes.ByteArray()));
        builder.stream(in, org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(Decide::new, "floor-items")
                .to(out, org.apache.kafka.streams.kstream.Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Baton's rule over one stored item: decide, fold the events, store, answer. */
    private static final class Decide implements Processor<String, byte[], String, byte[]> {
        private final ClaimRule rule = new ClaimRule(Settings.defaults());
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore("floor-items");
        }

        @Override
        public void process(Record<String, byte[]> record) {
            final Instant now = Instant.now();
            final byte[] stored = store.get(record.key());
            final Item item = stored == null ? null : ITEMS.decodeOrThrow(stored);
            final String kind =
                    new String(record.headers().lastHeader(KIND).value(), java.nio.charset.StandardCharsets.UTF_8);
            final List<ItemEvent> events;
            final Reply reply;
            if (kind.equals("submit")) {
                final ItemEvent.ItemSubmitted submitted =
                        (ItemEvent.ItemSubmitted) EVENTS.decodeOrThrow(record.value());
                events = rule.submit(item, submitted, now);
                reply = new Reply.Accepted(submitted.requestId(), record.key(), null, 0, null);
            } else {
                final Command command = COMMANDS.decodeOrThrow(record.value());
                final Decision decision = rule.decide(item, command, now);
                events = decision.events();
                reply = decision.rejected()
                        ? new Reply.Rejected(command.requestId(), decision.rejection())
                        : new Reply.Accepted(command.requestId(), record.key(), null, 0, null);
            }
            if (!events.isEmpty()) {
                store.put(record.key(), ITEMS.encode(ClaimRule.fold(item, events)));
            }
            context.forward(record.withKey(reply.requestId()).withValue(REPLIES.encode(reply)));
        }
    }

    private Properties streamsConfig(String run, Path stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, run);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The claim-service's own settings: the floor is the same machinery, tuned the same way.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10);
        props.put(StreamsConfig.POLL_MS_CONFIG, 10);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer(String topic) {
        final KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        return consumer;
    }

    static String describe(Figures floor) {
        return String.format(
                Locale.ROOT,
                "floor: a bare Kafka Streams processor, Baton's rule, same broker: %d items claimed and completed"
                        + " in %.2f s = %.0f items/s (%.0f decisions/s; %d accepted, %d refused)",
                floor.items(),
                floor.seconds(),
                floor.itemsPerSecond(),
                floor.decisionsPerSecond(),
                floor.accepted(),
                floor.rejected());
    }
}
