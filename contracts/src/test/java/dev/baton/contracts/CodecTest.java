package dev.baton.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.json.FamilyMember;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecTest {

    private static final Instant AT = Instant.parse("2026-02-05T09:12:07Z");
    private static final ItemSummary SUMMARY = new ItemSummary("build", "Write the parser", 5, List.of("core"));

    static Stream<Arguments> everyMember() {
        final ItemSpec spec = new ItemSpec(
                "build",
                "Write the parser",
                payload("{\"cmd\":\"make\"}"),
                5,
                List.of("core"),
                4,
                30,
                AT.plusSeconds(60),
                List.of("a", "b"));
        final Result result = new Result("parser done", "notes <b>", List.of("parser"), List.of("line 1"));
        return Stream.of(
                Arguments.of(Codec.of(Command.class), new Command.ClaimItem("r1", "42", "a7", 30)),
                Arguments.of(Codec.of(Command.class), new Command.ClaimNext("r2", "a7", List.of("build"), 3, null)),
                Arguments.of(Codec.of(Command.class), new Command.RenewLease("r3", "42", "a7", 3, 60, "half way")),
                Arguments.of(Codec.of(Command.class), new Command.CompleteItem("r4", "42", "a7", 3, result)),
                Arguments.of(Codec.of(Command.class), new Command.FailItem("r5", "42", "a7", 3, "boom", true)),
                Arguments.of(Codec.of(Command.class), new Command.ReleaseItem("r6", "42", "a7", 3, "busy")),
                Arguments.of(Codec.of(Command.class), new Command.CancelItem("r7", "42", "obsolete")),
                Arguments.of(Codec.of(Command.class), new Command.RedriveItem("r8", "42")),
                Arguments.of(
                        Codec.of(Command.class),
                        new Command.Batch(
                                "r9#partition/3.0",
                                List.of(
                                        new Command.CompleteItem("r9#42", "42", "a7", 3, result),
                                        new Command.RenewLease("r9#43", "43", "a7", 1, null, "p"),
                                        new Command.FailItem("r9#44", "44", "a7", 2, "boom", false),
                                        new Command.ReleaseItem("r9#45", "45", "a7", 5, null)))),
                Arguments.of(Codec.of(ItemEvent.class), new ItemEvent.ItemSubmitted("42", AT, null, spec, "k")),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.ItemBecameReady("42", AT, ItemState.READY, "backoff over")),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.ItemClaimed(
                                "42", AT, ItemState.CLAIMED, "a7", 3, AT.plusSeconds(30), 1, SUMMARY)),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.LeaseRenewed("42", AT, ItemState.CLAIMED, "a7", 3, AT.plusSeconds(60), "p")),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.ItemCompleted("42", AT, ItemState.DONE, "a7", 3, result, SUMMARY)),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.ItemFailed(
                                "42", AT, ItemState.WAITING, "a7", 3, "boom", true, 1, AT.plusSeconds(2), SUMMARY)),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.ItemReleased("42", AT, ItemState.READY, "a7", 3, "busy")),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.LeaseExpired("42", AT, ItemState.READY, "a7", 3, 1, SUMMARY)),
                Arguments.of(
                        Codec.of(ItemEvent.class),
                        new ItemEvent.ItemDeadLettered("42", AT, ItemState.DEAD, "attempts exhausted", 3, SUMMARY)),
                Arguments.of(
                        Codec.of(ItemEvent.class), new ItemEvent.ItemCancelled("42", AT, ItemState.CANCELLED, "x")),
                Arguments.of(Codec.of(ItemEvent.class), new ItemEvent.ItemRedriven("42", AT, ItemState.READY)),
                Arguments.of(
                        Codec.of(Reply.class),
                        new Reply.Granted(
                                "r1",
                                List.of(new Grant(
                                        "42",
                                        3,
                                        AT,
                                        new Grant.Work("build", "t", payload("[1,2]"), 5, List.of("core"), 1))))),
                Arguments.of(Codec.of(Reply.class), new Reply.Accepted("r4", "42", ItemState.DONE, 3, null)),
                Arguments.of(
                        Codec.of(Reply.class), new Reply.Rejected("r1", Rejection.alreadyClaimed("42", "a7", AT, 3))),
                Arguments.of(
                        Codec.of(Reply.class),
                        new Reply.Batched(
                                "r9#partition/3.0",
                                List.of(
                                        new Reply.Accepted("r9#42", "42", ItemState.DONE, 3, null),
                                        new Reply.Rejected("r9#43", Rejection.staleEpoch("43", 1, 2))))),
                Arguments.of(
                        Codec.of(Item.class),
                        new Item(
                                "42",
                                spec,
                                ItemState.CLAIMED,
                                3,
                                "a7",
                                AT,
                                1,
                                null,
                                List.of("a"),
                                List.of(),
                                AT,
                                AT,
                                "boom",
                                null,
                                "half way",
                                30)));
    }

    @ParameterizedTest
    @MethodSource("everyMember")
    <T> void writesAndReadsBackEveryMemberOfEveryFamily(Codec<T> codec, T value) {
        final byte[] bytes = codec.encode(value);

        assertThat(codec.decode(bytes)).isEqualTo(new Decoded.Ok<>(value));
    }

    @Test
    void writesTheTypeDiscriminatorAndSchemaVersionFirst() {
        final String json = new String(Codec.of(Command.class).encode(new Command.RedriveItem("r8", "42")), UTF_8);

        assertThat(json).isEqualTo("{\"@type\":\"RedriveItem\",\"@v\":1,\"requestId\":\"r8\",\"itemId\":\"42\"}");
    }

    @Test
    void writesTimesAsIsoUtc() {
        final String json = new String(
                Codec.of(ItemEvent.class).encode(new ItemEvent.ItemRedriven("42", AT, ItemState.READY)), UTF_8);

        assertThat(json).contains("\"at\":\"2026-02-05T09:12:07Z\"");
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("", "empty record"),
                Arguments.of("{not json", "not JSON"),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of("{\"requestId\":\"r\"}", "missing type discriminator"),
                Arguments.of("{\"@type\":\"Explode\",\"@v\":1}", "unknown type \"Explode\""),
                Arguments.of("{\"@type\":\"RedriveItem\"}", "missing schema version"),
                Arguments.of("{\"@type\":\"RedriveItem\",\"@v\":2}", "unsupported schema version 2"),
                Arguments.of("{\"@type\":\"RenewLease\",\"@v\":1,\"epoch\":\"three\"}", "invalid RenewLease"),
                Arguments.of("{\"@type\":\"RenewLease\",\"@v\":1,\"epoch\":null}", "invalid RenewLease"));
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void returnsATypedFailureWithTheReasonAndTheOriginalBytes(String input, String reason) {
        final byte[] raw = input.getBytes(UTF_8);

        final Decoded<Command> decoded = Codec.of(Command.class).decode(raw);

        assertThat(decoded).isInstanceOfSatisfying(Decoded.Failed.class, failed -> {
            assertThat(failed.reason()).contains(reason);
            assertThat(failed.raw()).isEqualTo(raw);
        });
    }

    @Test
    void readsRecordsWrittenByANewerMinorWriterWithExtraFields() {
        final byte[] raw = "{\"@type\":\"RedriveItem\",\"@v\":1,\"requestId\":\"r\",\"itemId\":\"42\",\"extra\":true}"
                .getBytes(UTF_8);

        assertThat(Codec.of(Command.class).decode(raw)).isEqualTo(new Decoded.Ok<>(new Command.RedriveItem("r", "42")));
    }

    @Test
    void refusesToWriteARecordOutsideItsFamily() {
        final Codec<Command> codec = Codec.of(Command.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        final Codec<Object> raw = (Codec) codec;

        assertThatThrownBy(() -> raw.encode(new ItemEvent.ItemRedriven("42", AT, ItemState.READY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDecodingSerdeNeverThrowsAndTheTrustedSerdeDoes() {
        final Codec<Command> codec = Codec.of(Command.class);
        final byte[] garbage = {(byte) 0xff, 0x00, 0x13};

        assertThat(codec.decodingSerde().deserializer().deserialize("t", garbage))
                .isInstanceOf(Decoded.Failed.class);
        assertThat(codec.decodingSerde().serializer().serialize("t", new Decoded.Failed<>("x", garbage)))
                .isEqualTo(garbage);
        assertThatThrownBy(() -> codec.serde().deserializer().deserialize("t", garbage))
                .isInstanceOf(SerializationException.class);
        assertThat(codec.serde().deserializer().deserialize("t", null)).isNull();
    }

    /** A stored value holding members of sealed families, as the claim engine's stores do. */
    record Kept(
            String fingerprint,
            @FamilyMember Reply reply,
            @FamilyMember Command command) {}

    @Test
    void aFamilyMemberInsideARecordIsWrittenWithItsTypeAndReadBackAsThatMember() {
        final Codec<Kept> codec = Codec.of(Kept.class);
        final Kept kept = new Kept(
                "f",
                new Reply.Rejected("r1", Rejection.unknownItem("42")),
                new Command.ClaimNext("r2", "a7", List.of("build"), 3, null));

        final String json = new String(codec.encode(kept), UTF_8);

        assertThat(json).contains("\"reply\":{\"@type\":\"Rejected\"", "\"command\":{\"@type\":\"ClaimNext\"");
        assertThat(codec.decode(json.getBytes(UTF_8))).isEqualTo(new Decoded.Ok<>(kept));
    }

    @Test
    void thePartsOfABatchAreWrittenEachWithItsType() {
        final String json = new String(
                Codec.of(Command.class)
                        .encode(new Command.Batch("r", List.of(new Command.ReleaseItem("r#42", "42", "a7", 3, null)))),
                UTF_8);

        assertThat(json)
                .isEqualTo("{\"@type\":\"Batch\",\"@v\":1,\"requestId\":\"r\",\"parts\":[{\"@type\":\"ReleaseItem\","
                        + "\"requestId\":\"r#42\",\"itemId\":\"42\",\"agent\":\"a7\",\"epoch\":3}]}");
    }

    @Test
    void aBatchHoldingAnythingButAHoldersCommandIsATypedFailure() {
        final byte[] raw = ("{\"@type\":\"Batch\",\"@v\":1,\"requestId\":\"r\",\"parts\":"
                        + "[{\"@type\":\"ClaimItem\",\"requestId\":\"r#42\",\"itemId\":\"42\",\"agent\":\"a7\"}]}")
                .getBytes(UTF_8);

        assertThat(Codec.of(Command.class).decode(raw))
                .isInstanceOfSatisfying(
                        Decoded.Failed.class,
                        failed -> assertThat(failed.reason()).startsWith("invalid Batch"));
    }

    @Test
    void aNestedMemberOfAnUnknownTypeIsATypedFailure() {
        final byte[] raw = "{\"@type\":\"Kept\",\"@v\":1,\"reply\":{\"@type\":\"Teleported\"}}".getBytes(UTF_8);

        assertThat(Codec.of(Kept.class).decode(raw))
                .isInstanceOfSatisfying(
                        Decoded.Failed.class,
                        failed -> assertThat(failed.reason()).startsWith("invalid Kept"));
    }

    private static JsonNode payload(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
