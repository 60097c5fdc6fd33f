package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineTimeout;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.SharedKafka;
import dev.baton.infra.testing.TestTokens;
import dev.baton.infra.testing.TopicProbe;
import dev.baton.infra.testing.metrics.PrometheusText;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(90)
class SubmissionIngestIT {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String SUBMISSIONS = Topics.BACKLOG_SUBMISSIONS.name();
    private static final String TEST_CASE = "x-test-case";

    @Inject
    Submissions submissions;

    /** Unique per test: the broker and the engine are shared by every test in this JVM. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private final String itemType = "ingest-" + run;

    /** One record to produce, and what the ingest should make of it. */
    private record Sent(String key, byte[] value, List<Header> headers, String expectedReason) {}

    // ------------------------------------------------------------------ events

    private String item(String title, String extra) {
        return "{\"type\":\"" + itemType + "\",\"title\":\"" + title + "\"" + extra + "}";
    }

    private static List<Header> binaryHeaders(String id, String type, String... leaveOut) {
        final List<Header> headers = new ArrayList<>();
        final String[][] all = {
            {"ce_specversion", "1.0"},
            {"ce_id", id},
            {"ce_source", "/tests/ingest"},
            {"ce_type", type},
            {"content-type", "application/json"}
        };
        final Set<String> skip = Set.of(leaveOut);
        for (String[] header : all) {
            if (!skip.contains(header[0])) {
                headers.add(new RecordHeader(header[0], header[1].getBytes(UTF_8)));
            }
        }
        return headers;
    }

    private static List<Header> structuredHeaders() {
        return new ArrayList<>(
                List.of(new RecordHeader("content-type", "application/cloudevents+json".getBytes(UTF_8))));
    }

    private static String structured(String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/tests/ingest\""
                + (type == null ? "" : ",\"type\":\"" + type + "\"")
                + ",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }

    private Sent binary(String id, String data) {
        return new Sent(id, bytes(data), binaryHeaders(id, CloudEventReader.SUBMIT_TYPE), null);
    }

    private Sent structured(String id, String data) {
        return new Sent(id, bytes(structured(id, CloudEventReader.SUBMIT_TYPE, data)), structuredHeaders(), null);
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(UTF_8);
    }

    /** The {@code n}-th malformed record, cycling through every kind of bad input. */
    private Sent malformed(int n) {
        final String id = "bad-" + run + "-" + n;
        return switch (n % 11) {
            case 0 ->
                new Sent(
                        id,
                        bytes("{\"type\": \"build\", "),
                        binaryHeaders(id, CloudEventReader.SUBMIT_TYPE),
                        "data is not JSON");
            case 1 -> new Sent(id, bytes("{\"specversion\": \"1.0\", \"id\": "), structuredHeaders(), "$ is not JSON");
            case 2 ->
                new Sent(
                        id,
                        bytes(item("no type", "")),
                        binaryHeaders(id, CloudEventReader.SUBMIT_TYPE, "ce_type"),
                        "ce_type is required");
            case 3 ->
                new Sent(id, bytes(structured(id, null, item("no type", ""))), structuredHeaders(), "type is required");
            case 4 ->
                new Sent(
                        id,
                        bytes(item("wrong priority", ",\"priority\":\"high\"")),
                        binaryHeaders(id, CloudEventReader.SUBMIT_TYPE),
                        "data.priority must be an integer");
            case 5 ->
                new Sent(
                        id,
                        bytes(item("unknown type", "")),
                        binaryHeaders(id, "dev.baton.item.frobnicate"),
                        "ce_type must be dev.baton.item.submit");
            case 6 ->
                new Sent(
                        id,
                        bytes(structured(id, "com.example.order.placed", item("unknown type", ""))),
                        structuredHeaders(),
                        "type must be dev.baton.item.submit");
            case 7 ->
                new Sent(
                        id,
                        bytes(item(
                                "oversized",
                                ",\"payload\":{\"blob\":\"" + "x".repeat(SubmissionValidator.MAX_PAYLOAD_BYTES + 1024)
                                        + "\"}")),
                        binaryHeaders(id, CloudEventReader.SUBMIT_TYPE),
                        "data.payload must be at most 262144 bytes");
            case 8 ->
                new Sent(
                        id,
                        bytes(structured(id, CloudEventReader.SUBMIT_TYPE, "{\"type\":\"" + itemType + "\"}")),
                        structuredHeaders(),
                        "data.title is required");
            case 9 -> new Sent(id, null, binaryHeaders(id, CloudEventReader.SUBMIT_TYPE), "data is required");
            default -> new Sent(id, bytes("just some text"), new ArrayList<>(), "$ is not a CloudEvent");
        };
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aBinaryAndAStructuredCloudEventEachBecomeAnItem() {
        final String binaryId = "bin-" + run;
        final String structuredId = "str-" + run;

        produce(
                List.of(
                        binary(binaryId, item("From a binary event", ",\"priority\":3,\"labels\":[\"ingest\"]")),
                        structured(structuredId, item("From a structured event", ",\"payload\":{\"cmd\":\"make\"}"))),
                null);

        final Map<String, ItemEvent.ItemSubmitted> items = awaitSubmitted(Set.of(binaryId, structuredId));
        assertThat(items.get(ItemIds.forKey(binaryId)).spec()).satisfies(spec -> {
            assertThat(spec.type()).isEqualTo(itemType);
            assertThat(spec.title()).isEqualTo("From a binary event");
            assertThat(spec.priority()).isEqualTo(3);
            assertThat(spec.labels()).containsExactly("ingest");
        });
        assertThat(items.get(ItemIds.forKey(structuredId)).spec()).satisfies(spec -> {
            assertThat(spec.title()).isEqualTo("From a structured event");
            assertThat(spec.payload().get("cmd").asText()).isEqualTo("make");
        });
    }

    @Test
    void anotherSystemsTraceContextReachesTheItemsHistoryAndTheIngestIsCounted() {
        final String id = "traced-" + run;
        final String traceId = "5b8efff798038103d269b633813fc60c";
        final List<Header> headers = binaryHeaders(id, CloudEventReader.SUBMIT_TYPE);
        headers.add(new RecordHeader("ce_traceparent", ("00-" + traceId + "-eee19b7ec3c1b174-01").getBytes(UTF_8)));
        final PrometheusText before = scrape();

        produce(List.of(new Sent(id, bytes(item("Traced from elsewhere", "")), headers, null), malformed(0)), null);

        awaitSubmitted(Set.of(id));
        final String itemId = ItemIds.forKey(id);
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> RestAssured.given()
                        .auth()
                        .oauth2(TestTokens.everyRole("ingest-reader"))
                        .get("/items/" + itemId + "/events")
                        .then()
                        .statusCode(200)
                        .body("events[0].event", Matchers.equalTo("ItemSubmitted"))
                        .body("events[0].traceId", Matchers.equalTo(traceId)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            final PrometheusText after = scrape();
            assertThat(after.sum("baton_ingest_records_total", Map.of())
                            - before.sum("baton_ingest_records_total", Map.of()))
                    .isGreaterThanOrEqualTo(2);
            assertThat(after.sum("baton_ingest_submitted_total", Map.of("outcome", "new"))
                            - before.sum("baton_ingest_submitted_total", Map.of("outcome", "new")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.sum("baton_ingest_dead_letters_total", Map.of("kind", "unreadable"))
                            - before.sum("baton_ingest_dead_letters_total", Map.of("kind", "unreadable")))
                    .isGreaterThanOrEqualTo(1);
        });
    }

    private static PrometheusText scrape() {
        return PrometheusText.parse(RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void theSameCloudEventIdTwiceMakesOneItem() {
        final String id = "twice-" + run;
        final String after = "after-" + run;
        // One key, so one partition: the ingest answers them in this order, the marker last.
        produce(
                List.of(
                                binary(id, item("Once", "")),
                                structured(id, item("Once again", "")),
                                binary(after, item("Marker", "")))
                        .stream()
                        .map(s -> new Sent(id, s.value(), s.headers(), null))
                        .toList(),
                null);

        awaitSubmitted(Set.of(after));

        final String itemId = ItemIds.forKey(id);
        final List<ItemEvent.ItemSubmitted> submissions =
                readAll(Topics.ITEM_EVENTS.name(), r -> itemId.equals(r.key())).stream()
                        .map(r -> EVENTS.decode(r.value()))
                        .filter(d ->
                                d instanceof Decoded.Ok<ItemEvent> ok && ok.value() instanceof ItemEvent.ItemSubmitted)
                        .map(d -> (ItemEvent.ItemSubmitted) ((Decoded.Ok<ItemEvent>) d).value())
                        .toList();
        assertThat(submissions).hasSize(1);
        assertThat(submissions.get(0).spec().title()).isEqualTo("Once");
    }

    @Test
    void aHundredMalformedRecordsAreDeadLetteredAndTheValidOnesAroundThemBecomeItems() {
        final List<Sent> records = new ArrayList<>();
        final Map<String, Sent> bad = new LinkedHashMap<>();
        final List<String> valid = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            if (n % 4 == 0) {
                final String id = "good-" + run + "-" + n;
                valid.add(id);
                records.add(n % 8 == 0 ? binary(id, item("Good " + n, "")) : structured(id, item("Good " + n, "")));
            }
            final Sent malformed = malformed(n);
            bad.put(malformed.key(), malformed);
            records.add(malformed);
        }
        final String last = "good-" + run + "-last";
        valid.add(last);
        records.add(structured(last, item("Good last", "")));
        // All on one partition: each bad record stands between good ones, in the order written.
        final int partition = Math.floorMod(run.hashCode(), Topics.DEFAULT_PARTITIONS);
        final Map<String, RecordMetadata> written = produce(records, partition);

        final List<ConsumerRecord<String, byte[]>> letters = TopicProbe.await(
                Topics.BACKLOG_SUBMISSIONS_DLQ.name(),
                r -> r.key() != null && bad.containsKey(r.key()),
                bad.size(),
                WAIT);

        final Map<String, ConsumerRecord<String, byte[]>> byKey =
                letters.stream().collect(Collectors.toMap(ConsumerRecord::key, r -> r, (a, b) -> a));
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(bad.keySet());
        for (Sent sent : bad.values()) {
            final ConsumerRecord<String, byte[]> letter = byKey.get(sent.key());
            assertThat(TopicProbe.header(letter, DeadLetters.REASON))
                    .as("reason of %s", sent.key())
                    .contains(sent.expectedReason());
            assertThat(letter.value()).as("bytes of %s", sent.key()).isEqualTo(sent.value());
            for (Header original : sent.headers()) {
                assertThat(TopicProbe.header(letter, original.key())).isEqualTo(new String(original.value(), UTF_8));
            }
            assertThat(TopicProbe.header(letter, TEST_CASE)).isEqualTo(sent.key());
            assertThat(TopicProbe.header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(SUBMISSIONS);
            assertThat(TopicProbe.header(letter, DeadLetters.SOURCE_PARTITION)).isEqualTo(Integer.toString(partition));
            assertThat(TopicProbe.header(letter, DeadLetters.SOURCE_OFFSET))
                    .isEqualTo(Long.toString(written.get(sent.key()).offset()));
            assertThat(TopicProbe.header(letter, DeadLetters.FAILED_AT)).isNotBlank();
        }
        assertThat(awaitSubmitted(Set.copyOf(valid))).hasSize(valid.size());
    }

    @Test
    void anEngineThatDoesNotAnswerInTimeIsAskedAgainAndTheRecordIsNotDeadLettered() {
        final String id = "slow-" + run;
        final SlowEngine slow = new SlowEngine((Submissions) ClientProxy.unwrap(submissions), id, 3);
        QuarkusMock.installMockForType(slow, Submissions.class);

        produce(List.of(binary(id, item("Asked again", ""))), null);

        assertThat(awaitSubmitted(Set.of(id)).get(ItemIds.forKey(id)).spec().title())
                .isEqualTo("Asked again");
        assertThat(slow.attempts.get()).isEqualTo(4);
        assertThat(readAll(Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> id.equals(r.key())))
                .isEmpty();
    }

    @Test
    void aRecordAtTheBrokersLimitWithALongHeaderIsDeadLetteredCutToFitAndTheIngestGoesOn() {
        // The reproduction: 1,046,500 bytes of value and a 1,505-character content-type, which
        // the broker takes; its dead letter used to be 1,050,356 bytes, refused and retried forever.
        final String id = "huge-" + run;
        final String after = "after-huge-" + run;
        final String contentType = "application/json; x=" + "a".repeat(1_485);
        final byte[] value = new byte[1_046_500];
        java.util.Arrays.fill(value, (byte) '7');
        final List<Header> headers =
                new ArrayList<>(List.of(new RecordHeader("content-type", contentType.getBytes(UTF_8))));
        final int partition = Math.floorMod(id.hashCode(), Topics.DEFAULT_PARTITIONS);

        final Map<String, RecordMetadata> written = produce(
                List.of(new Sent(id, value, headers, null), binary(after, item("Behind the huge one", ""))), partition);

        final ConsumerRecord<String, byte[]> letter = TopicProbe.await(
                        Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> id.equals(r.key()), 1, WAIT)
                .get(0);
        final int size = DeadLetters.sizeOf(
                letter.key().getBytes(UTF_8), letter.value(), letter.headers().toArray());
        assertThat(size).isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_BYTES);
        assertThat(TopicProbe.header(letter, DeadLetters.REASON))
                .startsWith("ce_specversion is required")
                .contains("content-type must be at most " + Limits.MAX_MEDIA_TYPE + " characters (is 1505)");
        assertThat(TopicProbe.header(letter, DeadLetters.TRUNCATED))
                .startsWith("key-bytes=" + id.length() + " key-kept=" + id.length() + " value-bytes=1046500 value-kept="
                        + letter.value().length + " headers=2");
        assertThat(TopicProbe.header(letter, "content-type"))
                .isEqualTo(contentType.substring(0, Limits.MAX_DEAD_LETTER_HEADER));
        assertThat(letter.value()).isEqualTo(java.util.Arrays.copyOf(value, letter.value().length));
        assertThat(TopicProbe.header(letter, DeadLetters.SOURCE_OFFSET))
                .isEqualTo(Long.toString(written.get(id).offset()));
        assertThat(awaitSubmitted(Set.of(after))).hasSize(1);
    }

    @Test
    void aDeadLetterTheTopicRefusesAsTooLargeIsCutDownToItsReasonAndSourceAndTheIngestGoesOn() throws Exception {
        final String id = "refused-" + run;
        final String after = "after-refused-" + run;
        final int partition = Math.floorMod(id.hashCode(), Topics.DEFAULT_PARTITIONS);
        final byte[] value = new byte[500_000];
        java.util.Arrays.fill(value, (byte) '{');
        final Map<String, RecordMetadata> written;
        // A dead-letter topic that takes less than the ingest's bound: every cut but the last is refused.
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            final ConfigResource dlq =
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.BACKLOG_SUBMISSIONS_DLQ.name());
            admin.incrementalAlterConfigs(Map.of(
                            dlq,
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000"),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
            try {
                written = produce(
                        List.of(
                                new Sent(id, value, binaryHeaders(id, CloudEventReader.SUBMIT_TYPE), null),
                                binary(after, item("Behind the refused letter", ""))),
                        partition);
                awaitSubmitted(Set.of(after));
            } finally {
                admin.incrementalAlterConfigs(Map.of(
                                dlq,
                                List.of(new AlterConfigOp(
                                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, null),
                                        AlterConfigOp.OpType.DELETE))))
                        .all()
                        .get();
            }
        }

        final List<ConsumerRecord<String, byte[]>> letters = TopicProbe.readToEnd(
                Topics.BACKLOG_SUBMISSIONS_DLQ.name(),
                r -> Long.toString(written.get(id).offset()).equals(TopicProbe.header(r, DeadLetters.SOURCE_OFFSET))
                        && Integer.toString(partition).equals(TopicProbe.header(r, DeadLetters.SOURCE_PARTITION)),
                WAIT);
        assertThat(letters).hasSize(1);
        final ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(TopicProbe.header(letter, DeadLetters.REASON)).startsWith("data is not JSON");
        assertThat(TopicProbe.header(letter, DeadLetters.SOURCE_TOPIC)).isEqualTo(SUBMISSIONS);
        assertThat(TopicProbe.header(letter, DeadLetters.TRUNCATED)).contains("value-bytes=500000 value-kept=0");
    }

    @Test
    void aCloudEventIdReusedForADifferentItemIsDeadLetteredAsSuchAndTheFirstItemStands() {
        final String id = "reused-" + run;
        final String marker = "after-reused-" + run;
        // One key, one partition: the first is answered before the reuse is read.
        produce(
                List.of(
                                binary(id, item("The first item", ",\"priority\":1")),
                                structured(id, item("The first item", ",\"priority\":1")),
                                binary(id, item("Another item", ",\"priority\":1")),
                                new Sent(
                                        id,
                                        bytes(structured(
                                                id,
                                                CloudEventReader.SUBMIT_TYPE,
                                                item("The first item", ",\"priority\":2"))),
                                        structuredHeaders(),
                                        null),
                                binary(marker, item("Marker", "")))
                        .stream()
                        .map(s -> new Sent(id, s.value(), s.headers(), null))
                        .toList(),
                null);

        awaitSubmitted(Set.of(marker));
        final List<ConsumerRecord<String, byte[]>> letters =
                TopicProbe.await(Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> id.equals(r.key()), 2, WAIT);

        final String itemId = ItemIds.forKey(id);
        assertThat(letters)
                .extracting(r -> TopicProbe.header(r, DeadLetters.REASON))
                .containsExactly(
                        "ce_id " + id + " was already used for a different item (item " + itemId + " differs in title)",
                        "id " + id + " was already used for a different item (item " + itemId
                                + " differs in priority)");
        assertThat(new String(letters.get(0).value(), UTF_8)).contains("Another item");
        // The repeat with the same item (in the other mode) was a duplicate, not a dead letter.
        assertThat(readAll(Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> id.equals(r.key())))
                .hasSize(2);
        final List<ItemEvent.ItemSubmitted> submitted =
                readAll(Topics.ITEM_EVENTS.name(), r -> itemId.equals(r.key())).stream()
                        .map(SubmissionIngestIT::submitted)
                        .filter(java.util.Objects::nonNull)
                        .toList();
        assertThat(submitted).hasSize(1);
        assertThat(submitted.get(0).spec().title()).isEqualTo("The first item");
    }

    @Test
    void aSpecVersionWithANewlineAndTrailingGarbageAreDeadLetteredInBothModes() {
        final String version = "version-" + run;
        final String binaryGarbage = "garbage-bin-" + run;
        final String structuredGarbage = "garbage-str-" + run;
        final String marker = "after-strict-" + run;
        final List<Header> newline = binaryHeaders(version, CloudEventReader.SUBMIT_TYPE, "ce_specversion");
        newline.add(new RecordHeader("ce_specversion", "1.0\n".getBytes(UTF_8)));

        produce(
                List.of(
                        new Sent(version, bytes(item("Version", "")), newline, null),
                        new Sent(
                                binaryGarbage,
                                bytes("{\"type\":\"x\",\"title\":\"y\"} not json"),
                                binaryHeaders(binaryGarbage, CloudEventReader.SUBMIT_TYPE),
                                null),
                        new Sent(
                                structuredGarbage,
                                bytes(structured(
                                                structuredGarbage,
                                                CloudEventReader.SUBMIT_TYPE,
                                                "{\"type\":\"x\",\"title\":\"y\"}")
                                        + " not json"),
                                structuredHeaders(),
                                null),
                        binary(marker, item("Marker", ""))),
                null);

        final Set<String> keys = Set.of(version, binaryGarbage, structuredGarbage);
        final Map<String, String> reasons = TopicProbe.await(
                        Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> r.key() != null && keys.contains(r.key()), 3, WAIT)
                .stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> TopicProbe.header(r, DeadLetters.REASON)));
        assertThat(reasons.get(version)).isEqualTo("ce_specversion must be 1.0 (got \"1.0\\n\")");
        assertThat(reasons.get(binaryGarbage))
                .isEqualTo("data is not JSON: more follows the JSON value, at line 1," + " column 25");
        assertThat(reasons.get(structuredGarbage)).startsWith("$ is not JSON: more follows the JSON value");
        assertThat(awaitSubmitted(Set.of(marker))).hasSize(1);
        assertThat(readAll(
                        Topics.ITEM_EVENTS.name(),
                        r -> keys.stream().map(ItemIds::forKey).anyMatch(k -> k.equals(r.key()))))
                .isEmpty();
    }

    @Test
    void aCloudEventIdWithANewlineCannotForgeALogLine() {
        final String forged = "forged-" + run + "\n14:00:00.000 ERROR [b.ingest] backlog.ingest id=FAKE status=lost";
        final String marker = "after-forged-" + run;
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(
                        record instanceof org.jboss.logmanager.ExtLogRecord ext
                                ? ext.getFormattedMessage()
                                : record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        final java.util.logging.Logger logger = java.util.logging.Logger.getLogger("backlog.ingest");
        logger.addHandler(capture);
        try {
            produce(
                    List.of(
                                    new Sent(
                                            "forged-" + run,
                                            bytes(item("Forged", "")),
                                            binaryHeaders(forged, CloudEventReader.SUBMIT_TYPE),
                                            null),
                                    new Sent(
                                            "forged-" + run,
                                            bytes(structured("x", CloudEventReader.SUBMIT_TYPE, item("Forged", ""))
                                                    .replace(
                                                            "\"id\":\"x\"",
                                                            "\"id\":\"" + forged.replace("\n", "\\n") + "\"")),
                                            structuredHeaders(),
                                            null),
                                    binary(marker, item("Marker", "")))
                            .stream()
                            .map(s -> new Sent("forged-" + run, s.value(), s.headers(), null))
                            .toList(),
                    null);
            awaitSubmitted(Set.of(marker));
            TopicProbe.await(Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> ("forged-" + run).equals(r.key()), 2, WAIT);
        } finally {
            logger.removeHandler(capture);
        }

        final List<String> mine =
                lines.stream().filter(l -> l.contains("\"forged-" + run)).toList();
        assertThat(mine).hasSize(2).allSatisfy(line -> {
            assertThat(line).doesNotContain("\n", "\r").contains("status=dead-letter");
            assertThat(line).contains("forged-" + run + "\\n14:00:00.000 ERROR");
        });
    }

    /** The engine as seen through a slow link: the first answers for one key time out, then it answers. */
    static final class SlowEngine extends Submissions {

        private final Submissions real;
        private final String slowKey;
        private final int timeouts;
        final AtomicInteger attempts = new AtomicInteger();

        SlowEngine(Submissions real, String slowKey, int timeouts) {
            this.real = real;
            this.slowKey = slowKey;
            this.timeouts = timeouts;
        }

        @Override
        public CompletableFuture<Reply.Submitted> submit(ItemSpec spec, String idempotencyKey) {
            if (!slowKey.equals(idempotencyKey)) {
                return real.submit(spec, idempotencyKey);
            }
            final int attempt = attempts.incrementAndGet();
            if (attempt > timeouts) {
                return real.submit(spec, idempotencyKey);
            }
            // Both shapes a missing answer takes: the gateway's own timeout, and the HTTP path's.
            return CompletableFuture.failedFuture(
                    attempt % 2 == 1
                            ? new CompletionException(new TimeoutException())
                            : new EngineTimeout(idempotencyKey, 10));
        }

        @Override
        public Duration answerTimeout() {
            return real.answerTimeout();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Writes the records in order (to one partition when given) and waits for the broker to take them all. */
    private Map<String, RecordMetadata> produce(List<Sent> records, Integer partition) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedKafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        1,
                        // The broker, not this producer, decides what is too large for the topic.
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        4 * 1024 * 1024),
                new StringSerializer(),
                new ByteArraySerializer())) {
            final Map<String, Future<RecordMetadata>> pending = new LinkedHashMap<>();
            int n = 0;
            for (Sent sent : records) {
                final List<Header> headers = new ArrayList<>(sent.headers());
                headers.add(new RecordHeader(TEST_CASE, sent.key().getBytes(UTF_8)));
                pending.put(
                        sent.key() + "#" + n++,
                        producer.send(new ProducerRecord<>(SUBMISSIONS, partition, sent.key(), sent.value(), headers)));
            }
            final Map<String, RecordMetadata> written = new HashMap<>();
            for (Map.Entry<String, Future<RecordMetadata>> entry : pending.entrySet()) {
                written.put(
                        entry.getKey().substring(0, entry.getKey().lastIndexOf('#')),
                        entry.getValue().get());
            }
            return written;
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + SUBMISSIONS, e);
        }
    }

    /** Waits for the engine's {@code ItemSubmitted} of each CloudEvent id, keyed by item id. */
    private static Map<String, ItemEvent.ItemSubmitted> awaitSubmitted(Set<String> cloudEventIds) {
        final Set<String> itemIds = cloudEventIds.stream().map(ItemIds::forKey).collect(Collectors.toSet());
        final Map<String, ItemEvent.ItemSubmitted> found = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicProbe.await(
                Topics.ITEM_EVENTS.name(),
                r -> itemIds.contains(r.key()) && submitted(r) != null,
                itemIds.size(),
                WAIT)) {
            found.put(record.key(), submitted(record));
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(itemIds);
        return found;
    }

    private static ItemEvent.ItemSubmitted submitted(ConsumerRecord<String, byte[]> record) {
        return EVENTS.decode(record.value()) instanceof Decoded.Ok<ItemEvent> ok
                        && ok.value() instanceof ItemEvent.ItemSubmitted submitted
                ? submitted
                : null;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
        return TopicProbe.readToEnd(topic, match, WAIT);
    }
}
