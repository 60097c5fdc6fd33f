package dev.baton.writer.streams;

import static dev.baton.writer.Events.claimed;
import static dev.baton.writer.Events.completed;
import static dev.baton.writer.Events.failed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Codec;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.material.MaterialSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevlogTopologyTest {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    /** Not UTC on purpose: a day is cut in the configured zone. */
    private static final MaterialSettings SETTINGS = new MaterialSettings(ZoneId.of("Europe/Berlin"), 500, 200);

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> itemEvents;
    private TestOutputTopic<String, byte[]> deadLetters;
    private KeyValueStore<String, ItemEvent> days;

    @BeforeEach
    void startDriver() throws IOException {
        stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "topology-test-");
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "writer-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DevlogTopology.build(SETTINGS), props, Instant.parse("2026-02-06T08:00:00Z"));
        itemEvents =
                driver.createInputTopic(Topics.ITEM_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(
                Topics.ITEM_EVENTS_DLQ.name(), new StringDeserializer(), new ByteArrayDeserializer());
        days = driver.getKeyValueStore(StoreNames.DEVLOG_DAYS);
    }

    @AfterEach
    void closeDriver() throws IOException {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private DayMaterial material(String day) {
        return DayEvents.material(days, java.time.LocalDate.parse(day), SETTINGS);
    }

    @Test
    void keepsEachDaysMaterialUnderItsDateInTheConfiguredZone() {
        // given: 23:30 UTC on the 5th is already the 6th in Berlin
        final ItemEvent onThe5th = completed("42", "2026-02-05T09:12:12Z", "a7", 3, "parser done");
        final ItemEvent onThe6th = completed("43", "2026-02-05T23:30:00Z", "a8", 1, "lexer done");
        final ItemEvent alsoOnThe5th = failed("44", "2026-02-05T10:00:00Z", "a9", 2, "compiler crashed");

        // when
        send(onThe5th);
        send(onThe6th);
        send(alsoOnThe5th);

        // then
        final DayMaterial fifth = material("2026-02-05");
        assertThat(fifth.completions())
                .extracting(DayMaterial.Completion::itemId)
                .containsExactly("42");
        assertThat(fifth.failures()).extracting(DayMaterial.Failure::itemId).containsExactly("44");
        assertThat(fifth.log()).hasSize(2);
        final DayMaterial sixth = material("2026-02-06");
        assertThat(sixth.completions())
                .extracting(DayMaterial.Completion::itemId)
                .containsExactly("43");
        assertThat(sixth.log())
                .extracting(DayMaterial.LogLine::line)
                .containsExactly("2026-02-06 00:30:00 INFO backlog.claim id=43 status=completed owner=a8 epoch=1");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void theWritersOwnDevlogItemIsMaterialForTheDayAfterTheOneItWrites() {
        // given: the devlog item for the 5th, written at 22:50 UTC on the 5th (still the 5th in Berlin)
        final ItemSummary devlog = new ItemSummary(
                DevlogItems.TYPE, "Devlog: 2026-02-05", 0, DevlogItems.labels(java.time.LocalDate.parse("2026-02-05")));
        final ItemSpec spec =
                new ItemSpec(DevlogItems.TYPE, "Devlog: 2026-02-05", null, 0, devlog.labels(), 5, 60, null, List.of());
        send(new ItemEvent.ItemSubmitted("d5", Instant.parse("2026-02-05T22:50:00Z"), ItemState.READY, spec, "r1"));
        send(new ItemEvent.ItemClaimed(
                "d5",
                Instant.parse("2026-02-05T22:50:01Z"),
                ItemState.CLAIMED,
                "writer",
                1,
                Instant.parse("2026-02-05T22:51:01Z"),
                1,
                devlog));
        // a heartbeat carries no labels: the topology remembers which items are devlog items
        send(new ItemEvent.LeaseRenewed(
                "d5",
                Instant.parse("2026-02-05T22:50:20Z"),
                ItemState.CLAIMED,
                "writer",
                1,
                Instant.parse("2026-02-05T22:51:20Z"),
                "writing"));
        send(new ItemEvent.ItemCompleted(
                "d5",
                Instant.parse("2026-02-05T22:50:30Z"),
                ItemState.DONE,
                "writer",
                1,
                new Result("Published Devlog: 2026-02-05", null, List.of("devlog"), List.of()),
                devlog));
        send(completed("42", "2026-02-05T09:12:12Z", "a7", 3, "parser done"));

        // then: the 5th keeps only its own work; the 6th has the devlog item's whole life
        assertThat(material("2026-02-05").completions())
                .extracting(DayMaterial.Completion::itemId)
                .containsExactly("42");
        assertThat(material("2026-02-05").log()).hasSize(1);
        final DayMaterial sixth = material("2026-02-06");
        assertThat(sixth.completions())
                .extracting(DayMaterial.Completion::itemId)
                .containsExactly("d5");
        assertThat(sixth.log()).hasSize(4);
    }

    @Test
    void aReplayedEventIsNotAddedTwice() {
        // given
        final ItemEvent claim = claimed("42", "2026-02-05T09:12:07Z", "a7", 3);
        final ItemEvent completion = completed("42", "2026-02-05T09:12:12Z", "a7", 3, "parser done");
        send(claim);
        send(completion);
        final DayMaterial before = material("2026-02-05");

        // when: the same records again, as after a restart that re-reads part of the topic
        send(claim);
        send(completion);

        // then
        final DayMaterial after = material("2026-02-05");
        assertThat(after).isEqualTo(before);
        assertThat(after.completions()).hasSize(1);
        assertThat(after.log()).hasSize(2);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextOneIsStillCollected() {
        // given
        final byte[] garbage = "{not json".getBytes(UTF_8);
        final Headers headers = new RecordHeaders().add(new RecordHeader("trace-id", "t-1".getBytes(UTF_8)));

        // when
        itemEvents.pipeInput(new TestRecord<>("42", garbage, headers));
        send(completed("43", "2026-02-05T09:12:12Z", "a7", 3, "parser done"));

        // then
        final TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo("42");
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, "trace-id")).isEqualTo("t-1");
        assertThat(header(dead, DeadLetters.REASON)).startsWith("not JSON");
        assertThat(header(dead, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.ITEM_EVENTS.name());
        assertThat(header(dead, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead, DeadLetters.FAILED_AT)).isEqualTo("2026-02-06T08:00:00Z");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(material("2026-02-05").completions())
                .extracting(DayMaterial.Completion::itemId)
                .containsExactly("43");
    }

    @Test
    void anEventWithoutATimeCannotBePlacedInADayAndIsADeadLetter() {
        // given
        final byte[] timeless =
                "{\"@type\":\"ItemRedriven\",\"@v\":1,\"itemId\":\"42\",\"state\":\"READY\"}".getBytes(UTF_8);

        // when
        itemEvents.pipeInput("42", timeless);

        // then
        assertThat(header(deadLetters.readRecord(), DeadLetters.REASON))
                .isEqualTo("invalid ItemRedriven: at is missing");
        assertThat(driver.getAllStateStores()).containsKey(StoreNames.DEVLOG_DAYS);
        assertThat(days.all()).toIterable().isEmpty();
    }

    @Test
    void aTombstoneIsADeadLetterNotACrash() {
        // when
        itemEvents.pipeInput("42", (byte[]) null);
        send(completed("43", "2026-02-05T09:12:12Z", "a7", 3, "parser done"));

        // then
        final TestRecord<String, byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, DeadLetters.REASON)).contains("tombstone");
        assertThat(material("2026-02-05").completions()).hasSize(1);
    }

    private void send(ItemEvent event) {
        itemEvents.pipeInput(event.itemId(), EVENTS.encode(event));
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return record.headers().lastHeader(name) == null
                ? null
                : new String(record.headers().lastHeader(name).value(), UTF_8);
    }
}
