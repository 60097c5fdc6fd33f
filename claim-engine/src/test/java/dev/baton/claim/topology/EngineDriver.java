package dev.baton.claim.topology;

import dev.baton.claim.engine.Settings;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The claim topology under {@link TopologyTestDriver}, with wall-clock time moved by hand. */
final class EngineDriver implements AutoCloseable {

    static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    static final Codec<Command> COMMANDS = Codec.of(Command.class);
    static final Codec<Reply> REPLIES = Codec.of(Reply.class);
    static final Codec<Item> ITEMS = Codec.of(Item.class);
    static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> items;
    TestInputTopic<String, byte[]> requests;
    TestOutputTopic<String, byte[]> replies;
    TestOutputTopic<String, byte[]> events;
    TestOutputTopic<String, byte[]> claims;
    TestOutputTopic<String, byte[]> hints;
    TestOutputTopic<String, byte[]> dlq;
    TestOutputTopic<String, byte[]> engineCommands;
    private final List<Reply> unread = new ArrayList<>();
    private final Settings settings;
    private final Path stateDir;
    private int requestCounter;

    EngineDriver(Settings settings) {
        this.settings = settings;
        try {
            stateDir = Files.createTempDirectory("claim-engine-test-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        open();
    }

    private void open() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "claim-engine-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ClaimTopology.build(settings, Duration.ofMillis(100)), props, now());
        items = driver.createInputTopic(Topics.BACKLOG_ITEMS.name(), new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(
                Topics.CLAIM_REQUESTS.name(), new StringSerializer(), new ByteArraySerializer());
        replies = output(Topics.CLAIM_REPLIES.name());
        events = output(Topics.ITEM_EVENTS.name());
        claims = output(Topics.CLAIMS.name());
        hints = output(Topics.CLAIM_HINTS.name());
        dlq = output(Topics.CLAIM_ENGINE_DLQ.name());
        engineCommands = output(Topics.CLAIM_REQUESTS.name());
    }

    EngineDriver() {
        this(Settings.defaults());
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    Instant now() {
        return T0.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    /**
     * Stops the engine and starts it again over the same stores, as a restarted service would
     * find them. The test driver wipes its state directory when it closes, so the stores' files
     * are flushed and set aside first, and put back.
     */
    void restart() {
        final Path aside;
        // Streams writes RocksDB without a write-ahead log: what is not flushed would not survive.
        driver.getAllStateStores().values().forEach(org.apache.kafka.streams.processor.StateStore::flush);
        try {
            aside = Files.createTempDirectory("claim-engine-aside-");
            copy(stateDir, aside);
            driver.close();
            copy(aside, stateDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        unread.clear();
        open();
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Writes an item straight into the engine's store, as an older build without today's limits
     * might have. An older build kept its indexes in the heap and wrote no layout mark: the mark
     * goes, so the next start indexes the items anew, as it would after an upgrade.
     */
    void store(Item item) {
        storeBehindTheIndexes(item);
        dev.baton.claim.state.LiveIndexes.layout(
                        driver.getKeyValueStore(dev.baton.contracts.catalog.StoreNames.LIVE_INDEXES))
                .forget();
    }

    /** Writes an item straight into the engine's store and nothing else: no index entry, the layout mark kept. */
    void storeBehindTheIndexes(Item item) {
        driver.<String, Item>getKeyValueStore(dev.baton.contracts.catalog.StoreNames.ITEMS)
                .put(item.id(), item);
    }

    /** The item as the engine's store holds it, {@code null} when it holds none. */
    Item stored(String id) {
        return driver.<String, Item>getKeyValueStore(dev.baton.contracts.catalog.StoreNames.ITEMS)
                .get(id);
    }

    void advance(Duration by) {
        elapsed = elapsed.plus(by);
        driver.advanceWallClockTime(by);
    }

    void submit(String id, ItemSpec spec) {
        items.pipeInput(id, EVENTS.encode(new ItemEvent.ItemSubmitted(id, now(), null, spec, null)), now());
    }

    /** Submits as the backlog service does, with a request id, and returns the engine's answer. */
    Reply submitAwaited(String id, ItemSpec spec) {
        final String requestId = nextRequestId();
        items.pipeInput(id, EVENTS.encode(new ItemEvent.ItemSubmitted(id, now(), null, spec, requestId)), now());
        return replyTo(requestId);
    }

    /** Every dead letter written so far, oldest first (consumes them). */
    List<TestRecord<String, byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    String nextRequestId() {
        return "req-" + (++requestCounter) + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    /** Sends a command and returns the engine's answer to it (or null when none came, e.g. parked). */
    Reply send(Command command) {
        requests.pipeInput(command.itemId() == null ? "next" : command.itemId(), COMMANDS.encode(command), now());
        return replyTo(command.requestId());
    }

    /**
     * Delivers what the engine sent itself on {@code claim-requests} (dependency notices between
     * partitions), as the broker would, until there is nothing left; returns how many.
     */
    int pumpEngineCommands() {
        int delivered = 0;
        while (!engineCommands.isEmpty()) {
            final TestRecord<String, byte[]> record = engineCommands.readRecord();
            if (record.value() != null
                    && COMMANDS.decode(record.value()) instanceof dev.baton.contracts.json.Decoded.Ok<Command> ok
                    && (ok.value() instanceof Command.WatchDependency
                            || ok.value() instanceof Command.SettleDependency)) {
                requests.pipeInput(record.key(), record.value(), now());
                delivered++;
            }
        }
        return delivered;
    }

    Reply replyTo(String requestId) {
        drainReplies();
        for (int i = 0; i < unread.size(); i++) {
            if (unread.get(i).requestId().equals(requestId)) {
                return unread.remove(i);
            }
        }
        return null;
    }

    private void drainReplies() {
        while (!replies.isEmpty()) {
            unread.add(REPLIES.decodeOrThrow(replies.readValue()));
        }
    }

    Reply claim(String id, String agent) {
        return send(new Command.ClaimItem(nextRequestId(), id, agent, null));
    }

    Reply claim(String id, String agent, int leaseSeconds) {
        return send(new Command.ClaimItem(nextRequestId(), id, agent, leaseSeconds));
    }

    Reply next(String agent, List<String> types, int max) {
        return send(new Command.ClaimNext(nextRequestId(), agent, types, max, null));
    }

    Reply heartbeat(String id, String agent, long epoch) {
        return send(new Command.RenewLease(nextRequestId(), id, agent, epoch, null, "working"));
    }

    Reply complete(String id, String agent, long epoch) {
        return send(new Command.CompleteItem(
                nextRequestId(), id, agent, epoch, dev.baton.contracts.item.Result.of("done by " + agent)));
    }

    Reply fail(String id, String agent, long epoch, boolean retryable) {
        return send(new Command.FailItem(nextRequestId(), id, agent, epoch, "boom", retryable));
    }

    Reply release(String id, String agent, long epoch) {
        return send(new Command.ReleaseItem(nextRequestId(), id, agent, epoch, "not for me"));
    }

    /** Every event written to item-events so far, oldest first (consumes them). */
    List<ItemEvent> events() {
        final List<ItemEvent> all = new ArrayList<>();
        while (!events.isEmpty()) {
            all.add(EVENTS.decodeOrThrow(events.readValue()));
        }
        return all;
    }

    /** The latest claim state of each item, as a compacted topic consumer would see it. */
    Item latestClaim(String id) {
        Item latest = null;
        for (TestRecord<String, byte[]> record : claims.readRecordsToList()) {
            if (record.key().equals(id)) {
                latest = ITEMS.decodeOrThrow(record.value());
            }
        }
        return latest;
    }

    List<ReadyHint> hints() {
        return hints.readValuesToList().stream()
                .map(v -> Codec.of(ReadyHint.class).decodeOrThrow(v))
                .toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
