package dev.baton.backlog.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Limits;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.SharedKafka;
import dev.baton.infra.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded stream of hostile records (random bytes, broken and trailing JSON, deep nesting, lone
 * surrogates, values near and over the limits, long and binary headers, malformed attributes,
 * reused ids) mixed with valid CloudEvents in both modes, against the real broker and engine.
 * Every run prints its seed; {@code -Dbaton.fuzz.seed=<seed>} replays the same records.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(300)
class SubmissionIngestFuzzIT {

    private static final long SEED = Long.getLong("baton.fuzz.seed", new Random().nextLong());
    private static final int HOSTILE = 300;
    private static final int VALID = 80;
    private static final Duration WAIT = Duration.ofSeconds(150);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final String SUBMISSIONS = Topics.BACKLOG_SUBMISSIONS.name();
    private static final String SUBMIT = CloudEventReader.SUBMIT_TYPE;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String itemType = "fuzz-" + run;
    private final Random random = new Random(SEED);
    private int sequence;

    /**
     * One record to write: {@code validId} is the CloudEvent id of a record that must become an
     * item (or be answered as the duplicate it is), {@code null} for one that must be dead-lettered,
     * whose reason must contain {@code expected} when that is known.
     */
    private record Case(
            String kind,
            String key,
            Integer partition,
            byte[] value,
            List<Header> headers,
            String validId,
            String expected) {}

    @Test
    void hostileRecordsAreDeadLetteredWithAReasonAndEveryValidOneAroundAndAfterThemBecomesAnItem() {
        System.out.println("SubmissionIngestFuzzIT seed=" + SEED + " (replay with -Dbaton.fuzz.seed=" + SEED + ")");
        // given: hostile and valid records in a seeded order, then reuses of valid ids, then one
        // valid record on every partition behind all of them
        final List<Case> body = new ArrayList<>();
        final List<Case> valid = new ArrayList<>();
        for (int n = 0; n < HOSTILE; n++) {
            body.add(hostile());
        }
        for (int n = 0; n < VALID; n++) {
            final Case good = valid();
            valid.add(good);
            body.add(good);
        }
        Collections.shuffle(body, random);
        final List<Case> records = new ArrayList<>(body);
        for (int n = 0; n < 10; n++) {
            final Case original = valid.get(random.nextInt(valid.size()));
            records.add(n % 2 == 0 ? repeated(original) : reused(original));
        }
        for (int partition = 0; partition < Topics.DEFAULT_PARTITIONS; partition++) {
            final String id = "fz-" + run + "-tail-" + partition;
            records.add(new Case(
                    "tail", id, partition, bytes(item("Behind the hostile ones", "")), binaryHeaders(id), id, null));
        }

        // when
        final Map<Case, RecordMetadata> written = produce(records);

        // then: every invalid record has its dead letter, with a reason, within the bound
        final Map<String, Case> invalid = new HashMap<>();
        final Set<String> validWhere = new HashSet<>();
        for (Case c : records) {
            if (c.validId() == null) {
                invalid.put(where(written.get(c)), c);
            } else {
                validWhere.add(where(written.get(c)));
            }
        }
        final List<ConsumerRecord<String, byte[]>> letters = TopicProbe.await(
                Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> invalid.containsKey(source(r)), invalid.size(), WAIT);
        final Map<String, ConsumerRecord<String, byte[]>> bySource =
                letters.stream().collect(Collectors.toMap(SubmissionIngestFuzzIT::source, r -> r, (a, b) -> a));
        assertThat(bySource.keySet()).as("seed %d", SEED).containsExactlyInAnyOrderElementsOf(invalid.keySet());
        for (Map.Entry<String, Case> entry : invalid.entrySet()) {
            final ConsumerRecord<String, byte[]> letter = bySource.get(entry.getKey());
            final Case sent = entry.getValue();
            final String reason = TopicProbe.header(letter, DeadLetters.REASON);
            assertThat(reason)
                    .as("reason of %s at %s (seed %d)", sent.kind(), entry.getKey(), SEED)
                    .isNotBlank();
            if (sent.expected() != null) {
                assertThat(reason)
                        .as("reason of %s (seed %d)", sent.kind(), SEED)
                        .contains(sent.expected());
            }
            assertThat(DeadLetters.sizeOf(
                            letter.key() == null ? null : letter.key().getBytes(UTF_8),
                            letter.value(),
                            letter.headers().toArray()))
                    .isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_BYTES);
        }
        // ... every valid one (the tail on every partition included) became an item, none was dead-lettered
        awaitSubmitted(records.stream()
                .map(Case::validId)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toSet()));
        assertThat(TopicProbe.readToEnd(
                        Topics.BACKLOG_SUBMISSIONS_DLQ.name(), r -> validWhere.contains(source(r)), WAIT))
                .as("dead letters of valid records (seed %d)", SEED)
                .isEmpty();
        // ... and the service is still ready
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    // ------------------------------------------------------------------ valid records

    private String nextId() {
        return "fz-" + run + "-" + sequence++;
    }

    private Case valid() {
        final String id = nextId();
        final String extra = switch (random.nextInt(6)) {
            case 0 -> ",\"priority\":" + (random.nextInt(2_000_001) - 1_000_000);
            case 1 -> ",\"labels\":[\"fuzz\",\"\\u00e9t\\u00e9 \\ud83d\\ude80\"]";
            // Near the payload's limit, and still under it.
            case 2 ->
                ",\"payload\":{\"blob\":\"" + "p".repeat(Limits.MAX_PAYLOAD_BYTES - 12 - random.nextInt(2_000)) + "\"}";
            case 3 ->
                ",\"payload\":" + "[".repeat(Limits.MAX_PAYLOAD_DEPTH) + "1" + "]".repeat(Limits.MAX_PAYLOAD_DEPTH);
            case 4 -> ",\"maxAttempts\":" + (1 + random.nextInt(Limits.MAX_ATTEMPTS)) + ",\"leaseSeconds\":60";
            default -> "";
        };
        final String title = "Valid " + id + (random.nextBoolean() ? " \\u00fcber \\ud83c\\udf89" : "");
        if (random.nextBoolean()) {
            final List<Header> headers = binaryHeaders(id);
            if (random.nextBoolean()) {
                headers.add(header("ce_time", "2026-02-05T09:12:07.5+01:00"));
                headers.add(header("ce_subject", "fuzz/" + id));
            }
            return new Case("valid-binary", id, null, bytes(item(title, extra)), headers, id, null);
        }
        return new Case(
                "valid-structured",
                id,
                null,
                bytes(structured(id, item(title, extra), "")),
                structuredHeaders(),
                id,
                null);
    }

    /** The same event again, in either mode: a duplicate, answered and not dead-lettered. */
    private Case repeated(Case original) {
        return new Case("repeat", original.key(), null, original.value(), original.headers(), original.validId(), null);
    }

    /** The id of a valid event for another item: dead-lettered as a reused id. */
    private Case reused(Case original) {
        final String id = original.validId();
        return new Case(
                "reused-id",
                original.key(),
                null,
                bytes(item("Something else entirely", "")),
                binaryHeaders(id),
                null,
                "ce_id " + id + " was already used for a different item");
    }

    // ------------------------------------------------------------------ hostile records

    private Case hostile() {
        final String id = nextId();
        return switch (random.nextInt(11)) {
            case 0 -> randomBytes(id);
            case 1 -> truncated(id);
            case 2 -> trailing(id);
            case 3 -> deep(id);
            case 4 -> surrogates(id);
            case 5 -> huge(id);
            case 6 -> longHeaders(id);
            case 7 -> binaryHeader(id);
            case 8 -> badAttribute(id);
            case 9 -> badItem(id);
            default -> noItem(id);
        };
    }

    private Case randomBytes(String id) {
        final byte[] value = new byte[random.nextInt(4_000)];
        random.nextBytes(value);
        final List<Header> headers = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            final byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            headers.add(new RecordHeader(random.nextBoolean() ? "ce_id" : "x-" + random.nextInt(99), bytes));
        }
        return new Case("random-bytes", id, null, value, headers, null, null);
    }

    private Case truncated(String id) {
        final boolean structured = random.nextBoolean();
        final String whole = structured
                ? structured(id, item("Cut short", ",\"labels\":[\"a\",\"b\"]"), "")
                : item("Cut short", ",\"labels\":[\"a\",\"b\"]");
        final String cut = whole.substring(0, 1 + random.nextInt(whole.length() - 2));
        return structured
                ? new Case("truncated-structured", id, null, bytes(cut), structuredHeaders(), null, "$ ")
                : new Case("truncated-binary", id, null, bytes(cut), binaryHeaders(id), null, "data ");
    }

    private Case trailing(String id) {
        final String garbage = List.of(" not json", "}", " {}", " []", "x", " \"more\"", ",1", "\u0000")
                .get(random.nextInt(8));
        return random.nextBoolean()
                ? new Case(
                        "trailing-binary",
                        id,
                        null,
                        bytes(item("Trailing", "") + garbage),
                        binaryHeaders(id),
                        null,
                        "data is not JSON")
                : new Case(
                        "trailing-structured",
                        id,
                        null,
                        bytes(structured(id, item("Trailing", ""), "") + garbage),
                        structuredHeaders(),
                        null,
                        "is not JSON");
    }

    private Case deep(String id) {
        final int depth = Limits.MAX_PAYLOAD_DEPTH + 1 + random.nextInt(random.nextBoolean() ? 10 : 5_000);
        final String payload = ",\"payload\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        return random.nextBoolean()
                ? new Case("deep-binary", id, null, bytes(item("Deep", payload)), binaryHeaders(id), null, "nested")
                : new Case(
                        "deep-structured",
                        id,
                        null,
                        bytes(structured(id, item("Deep", payload), "")),
                        structuredHeaders(),
                        null,
                        "nested");
    }

    private Case surrogates(String id) {
        return switch (random.nextInt(4)) {
            case 0 ->
                new Case(
                        "lone-surrogate-title",
                        id,
                        null,
                        bytes(item("\\ud800", "")),
                        binaryHeaders(id),
                        null,
                        "data.title");
            case 1 ->
                new Case(
                        "lone-surrogate-label",
                        id,
                        null,
                        bytes(item("Label", ",\"labels\":[\"a\\udc00b\"]")),
                        binaryHeaders(id),
                        null,
                        "data.labels[0]");
            case 2 ->
                new Case(
                        "lone-surrogate-payload",
                        id,
                        null,
                        bytes(structured(id, item("Payload", ",\"payload\":{\"\\udbff\":1}"), "")),
                        structuredHeaders(),
                        null,
                        "surrogate");
            default -> {
                // A surrogate encoded in UTF-8 bytes (CESU): not UTF-8 at all.
                final byte[] prefix = bytes("{\"type\":\"" + itemType + "\",\"title\":\"");
                final byte[] value = new byte[prefix.length + 5];
                System.arraycopy(prefix, 0, value, 0, prefix.length);
                value[prefix.length] = (byte) 0xED;
                value[prefix.length + 1] = (byte) 0xA0;
                value[prefix.length + 2] = (byte) 0x80;
                value[prefix.length + 3] = '"';
                value[prefix.length + 4] = '}';
                yield new Case("surrogate-bytes", id, null, value, binaryHeaders(id), null, "data");
            }
        };
    }

    private Case huge(String id) {
        if (random.nextInt(4) == 0) {
            // Near the broker's limit, with a long header: its dead letter must be cut to fit.
            final byte[] value = new byte[1_040_000 + random.nextInt(6_000)];
            random.nextBytes(value);
            final List<Header> headers = binaryHeaders(id);
            headers.removeIf(h -> h.key().equals("content-type"));
            headers.add(header("content-type", "application/json; x=" + "a".repeat(1_485)));
            return new Case("near-broker-limit", id, null, value, headers, null, "content-type must be at most");
        }
        final int over = Limits.MAX_PAYLOAD_BYTES + 1 + random.nextInt(600_000);
        final String payload = ",\"payload\":{\"blob\":\"" + "o".repeat(over) + "\"}";
        return random.nextBoolean()
                ? new Case(
                        "payload-over-limit-binary",
                        id,
                        null,
                        bytes(item("Huge", payload)),
                        binaryHeaders(id),
                        null,
                        "data.payload")
                : new Case(
                        "title-over-limit",
                        id,
                        null,
                        bytes(item("t".repeat(Limits.MAX_TITLE + 1 + random.nextInt(10_000)), "")),
                        binaryHeaders(id),
                        null,
                        "data.title");
    }

    private Case longHeaders(String id) {
        final List<Header> headers = binaryHeaders(id);
        switch (random.nextInt(4)) {
            case 0 -> {
                headers.removeIf(h -> h.key().equals("content-type"));
                headers.add(header("content-type", "application/json; x=" + "a".repeat(1_485)));
                return new Case(
                        "long-content-type",
                        id,
                        null,
                        bytes(item("Long", "")),
                        headers,
                        null,
                        "content-type must be at most");
            }
            case 1 -> {
                final String longId = "i".repeat(Limits.MAX_REQUEST_ID + 1 + random.nextInt(20_000));
                headers.removeIf(h -> h.key().equals("ce_id"));
                headers.add(header("ce_id", longId));
                return new Case("long-id", id, null, bytes(item("Long", "")), headers, null, "ce_id must be at most");
            }
            case 2 -> {
                headers.removeIf(h -> h.key().equals("ce_source"));
                headers.add(header("ce_source", "/" + "s".repeat(Limits.MAX_EVENT_SOURCE + random.nextInt(50_000))));
                return new Case(
                        "long-source", id, null, bytes(item("Long", "")), headers, null, "ce_source must be at most");
            }
            default -> {
                for (int n = 0; n < 200 + random.nextInt(400); n++) {
                    headers.add(header("x-noise-" + n, "n".repeat(random.nextInt(500))));
                }
                headers.add(header("ce_specversion", "1.0"));
                return new Case(
                        "many-headers",
                        id,
                        null,
                        bytes(item("Many", "")),
                        headers,
                        null,
                        "ce_specversion must be given once");
            }
        }
    }

    private Case binaryHeader(String id) {
        final List<Header> headers = binaryHeaders(id);
        final String name = List.of("ce_source", "ce_type", "ce_id", "ce_specversion", "content-type")
                .get(random.nextInt(5));
        headers.removeIf(h -> h.key().equals(name));
        final byte[] bytes = new byte[1 + random.nextInt(64)];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xFF; // never UTF-8
        headers.add(new RecordHeader(name, bytes));
        return new Case(
                "binary-header-" + name,
                id,
                null,
                bytes(item("Binary header", "")),
                headers,
                null,
                name + " must be UTF-8 text");
    }

    private Case badAttribute(String id) {
        final String[][] binaryVariants = {
            {"ce_specversion", "1.0\n", "ce_specversion must be 1.0"},
            {"ce_specversion", "1.0 ", "ce_specversion must be 1.0"},
            {"ce_specversion", "0.3", "ce_specversion must be 1.0"},
            {"ce_specversion", "", "ce_specversion must not be blank"},
            {"ce_id", id + "\nERROR forged", "ce_id must be 1 to"},
            {"ce_id", " " + id, "ce_id must be 1 to"},
            {"ce_id", "   ", "ce_id must not be blank"},
            {"ce_source", "/a b", "ce_source must be a URI-reference"},
            {"ce_source", "/a\u001b[31m", "ce_source must not contain control characters"},
            {"ce_source", "/%zz", "ce_source must be a URI-reference"},
            {"ce_type", SUBMIT + "\n", "ce_type must be " + SUBMIT},
            {"ce_type", "com.example.other", "ce_type must be " + SUBMIT},
            {"ce_time", "yesterday", "ce_time must be an RFC 3339 timestamp"},
            {"ce_time", "2026-13-01T00:00:00Z", "ce_time must be an RFC 3339 timestamp"},
            {"ce_subject", "a\nb", "ce_subject must not contain control characters"},
            {"content-type", "text/plain", "content-type must be application/json in binary mode"},
            {"content-type", "application/json; charset=latin1", "content-type must be UTF-8 JSON"},
            {"content-type", "a/b/c", "content-type must be a media type"},
            {"content-type", "application/cloudevents-batch+json", "batches are not taken"},
        };
        if (random.nextInt(8) == 0) {
            final List<Header> headers = binaryHeaders(id);
            headers.add(header("ce_id", id + "-again"));
            return new Case(
                    "duplicate-ce-id",
                    id,
                    null,
                    bytes(item("Twice", "")),
                    headers,
                    null,
                    "ce_id must be given once (is given 2 times)");
        }
        if (random.nextInt(3) > 0) {
            final String[] variant = binaryVariants[random.nextInt(binaryVariants.length)];
            final List<Header> headers = binaryHeaders(id);
            headers.removeIf(h -> h.key().equals(variant[0]));
            headers.add(header(variant[0], variant[1]));
            return new Case("bad-" + variant[0], id, null, bytes(item("Bad attribute", "")), headers, null, variant[2]);
        }
        final String[][] structuredVariants = {
            {"\"specversion\":\"1.0\"", "\"specversion\":\"1.0\\n\"", "specversion must be 1.0"},
            {"\"specversion\":\"1.0\"", "\"specversion\":1.0", "specversion must be a string"},
            {"\"type\":\"" + SUBMIT + "\"", "\"type\":\"" + SUBMIT + " \"", "type must be " + SUBMIT},
            {"\"id\":\"" + id + "\"", "\"id\":\"" + id + "\\u2028\"", "id must be 1 to"},
            {"\"id\":\"" + id + "\"", "\"id\":\"" + id + "\",\"id\":\"other\"", "Duplicate field 'id'"},
            {"\"source\":\"/fuzz\"", "\"source\":\"\"", "source must not be blank"},
            {"\"source\":\"/fuzz\"", "\"source\":{\"uri\":\"/x\"}", "source must be a string"},
            {
                "\"datacontenttype\":\"application/json\"",
                "\"datacontenttype\":\"application/xml\"",
                "datacontenttype must be application/json"
            },
            {
                "\"datacontenttype\":\"application/json\"",
                "\"datacontenttype\":\"application/json\",\"data_base64\":\"e30=\"",
                "data_base64 is not taken"
            },
        };
        final String[] variant = structuredVariants[random.nextInt(structuredVariants.length)];
        final String event = structured(id, item("Bad attribute", ""), "");
        assertThat(event).contains(variant[0]);
        return new Case(
                "bad-structured",
                id,
                null,
                bytes(event.replace(variant[0], variant[1])),
                random.nextBoolean() ? structuredHeaders() : new ArrayList<>(),
                null,
                variant[2]);
    }

    private Case badItem(String id) {
        final String[][] variants = {
            {"{\"type\":\"" + itemType + "\"}", "data.title is required"},
            {"{\"type\":\"" + itemType + "\",\"title\":\"\\u0001\\u0002\"}", "data.title"},
            {"{\"type\":\"-x\",\"title\":\"t\"}", "data.type"},
            {"{\"type\":\"" + itemType + "\",\"title\":\"t\",\"priority\":1.5}", "data.priority"},
            {"{\"type\":\"" + itemType + "\",\"title\":\"t\",\"maxAttempts\":0}", "data.maxAttempts"},
            {
                "{\"type\":\"" + itemType
                        + "\",\"title\":\"t\",\"notBefore\":\"+1000000000-12-31T23:59:59.999999999Z\"}",
                "data.notBefore"
            },
            {
                "{\"type\":\"" + itemType + "\",\"title\":\"t\",\"dependsOn\":[\"" + ItemIds.forKey(id) + "\"]}",
                "data.dependsOn[0]"
            },
            {
                "{\"type\":\"" + itemType + "\",\"title\":\"t\",\"labels\":[" + "\"l\",".repeat(Limits.MAX_LABELS)
                        + "\"l\"]}",
                "data.labels"
            },
        };
        final String[] variant = variants[random.nextInt(variants.length)];
        return random.nextBoolean()
                ? new Case("bad-item-binary", id, null, bytes(variant[0]), binaryHeaders(id), null, variant[1])
                : new Case(
                        "bad-item-structured",
                        id,
                        null,
                        bytes(structured(id, variant[0], "")),
                        structuredHeaders(),
                        null,
                        variant[1]);
    }

    private Case noItem(String id) {
        return switch (random.nextInt(5)) {
            case 0 -> new Case("null-value", id, null, null, binaryHeaders(id), null, "data is required");
            case 1 -> new Case("empty-value", id, null, new byte[0], structuredHeaders(), null, "$ is empty");
            case 2 ->
                new Case(
                        "data-string",
                        id,
                        null,
                        bytes(structured(id, "\"build it\"", "")),
                        structuredHeaders(),
                        null,
                        "data must be a JSON object");
            case 3 ->
                new Case(
                        "data-array",
                        id,
                        null,
                        bytes("[1,2,3]"),
                        binaryHeaders(id),
                        null,
                        "data must be a JSON object");
            default ->
                new Case(
                        "no-envelope",
                        id,
                        null,
                        bytes(item("Bare", "")),
                        new ArrayList<>(),
                        null,
                        "$ is not a CloudEvent");
        };
    }

    // ------------------------------------------------------------------ events

    private String item(String title, String extra) {
        return "{\"type\":\"" + itemType + "\",\"title\":\"" + title + "\"" + extra + "}";
    }

    private static String structured(String id, String data, String extra) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/fuzz\",\"type\":\"" + SUBMIT
                + "\",\"datacontenttype\":\"application/json\"" + extra + ",\"data\":" + data + "}";
    }

    private static List<Header> binaryHeaders(String id) {
        return new ArrayList<>(List.of(
                header("ce_specversion", "1.0"),
                header("ce_id", id),
                header("ce_source", "/fuzz"),
                header("ce_type", SUBMIT),
                header("content-type", "application/json")));
    }

    private static List<Header> structuredHeaders() {
        return new ArrayList<>(List.of(header("content-type", "application/cloudevents+json")));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(UTF_8));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    // ------------------------------------------------------------------ helpers

    private static Map<Case, RecordMetadata> produce(List<Case> records) {
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
            final Map<Case, Future<RecordMetadata>> pending = new java.util.IdentityHashMap<>();
            for (Case c : records) {
                final List<Header> headers = new ArrayList<>(c.headers());
                headers.add(header("x-fuzz-case", c.kind()));
                pending.put(
                        c,
                        producer.send(new ProducerRecord<>(SUBMISSIONS, c.partition(), c.key(), c.value(), headers)));
            }
            final Map<Case, RecordMetadata> written = new java.util.IdentityHashMap<>();
            for (Map.Entry<Case, Future<RecordMetadata>> entry : pending.entrySet()) {
                written.put(entry.getKey(), entry.getValue().get());
            }
            return written;
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + SUBMISSIONS + " (seed " + SEED + ")", e);
        }
    }

    private static String where(RecordMetadata metadata) {
        return metadata.partition() + "@" + metadata.offset();
    }

    /** The source coordinates a dead letter names, as {@link #where}; {@code null} for another topic's. */
    private static String source(ConsumerRecord<String, byte[]> letter) {
        if (!SUBMISSIONS.equals(TopicProbe.header(letter, DeadLetters.SOURCE_TOPIC))) {
            return null;
        }
        return TopicProbe.header(letter, DeadLetters.SOURCE_PARTITION) + "@"
                + TopicProbe.header(letter, DeadLetters.SOURCE_OFFSET);
    }

    private static void awaitSubmitted(Set<String> cloudEventIds) {
        final Set<String> itemIds = cloudEventIds.stream().map(ItemIds::forKey).collect(Collectors.toSet());
        final Set<String> found = TopicProbe.await(
                        Topics.ITEM_EVENTS.name(),
                        r -> itemIds.contains(r.key())
                                && EVENTS.decode(r.value()) instanceof Decoded.Ok<ItemEvent> ok
                                && ok.value() instanceof ItemEvent.ItemSubmitted,
                        itemIds.size(),
                        WAIT)
                .stream()
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertThat(found).as("items of valid records (seed %d)", SEED).containsExactlyInAnyOrderElementsOf(itemIds);
    }
}
