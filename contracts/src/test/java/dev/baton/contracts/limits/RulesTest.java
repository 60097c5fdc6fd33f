package dev.baton.contracts.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RulesTest {

    private static final Instant NOW = Instant.parse("2026-02-05T09:12:07Z");

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOrdinaryItemBreaksNoRule() {
        final ItemSpec spec = new ItemSpec(
                "build",
                "Write the parser",
                json("{\"cmd\":\"make\"}"),
                5,
                List.of("core"),
                4,
                30,
                NOW.plusSeconds(60),
                List.of("a", "b"));

        assertThat(Rules.spec(spec, "c", NOW)).isEmpty();
    }

    @Test
    void anItemThatDependsOnTheIdItsKeyNamesIsRefused() {
        final String itself = ItemIds.forKey("nightly-2026-02-05");
        final ItemSpec spec = ItemSpec.of("build", "Nightly").withDependsOn(List.of("other", itself));

        assertThat(Rules.spec(spec, itself, NOW))
                .containsExactly(new Violation("dependsOn[1]", "must not be the item itself"));
    }

    @Test
    void aDependencyNamedTwiceOrWithABadIdIsRefused() {
        final ItemSpec spec = ItemSpec.of("build", "x").withDependsOn(List.of("a", "a", "a\u0000b"));

        assertThat(fields(Rules.spec(spec, null, NOW))).containsExactly("dependsOn[1]", "dependsOn[2]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001\u0002", "\uFEFF", "\u200B\uFEFF", "a\u0000b", "tab\there"})
    void aTitleOfNulControlsOrInvisibleMarksIsRefused(String title) {
        assertThat(fields(Rules.spec(ItemSpec.of("build", title), null, NOW))).containsExactly("title");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"+1000000000-12-31T23:59:59.999999999Z", "+292278995-01-01T00:00:00Z", "1999-12-31T23:59:59Z"})
    void aNotBeforeOutsideTheRangeIsRefused(String instant) {
        final ItemSpec spec = ItemSpec.of("build", "x").withNotBefore(Instant.parse(instant));

        assertThat(fields(Rules.spec(spec, null, NOW))).containsExactly("notBefore");
    }

    @Test
    void aNotBeforeNineYearsAheadIsTaken() {
        final ItemSpec spec = ItemSpec.of("build", "x").withNotBefore(NOW.plus(java.time.Duration.ofDays(9 * 365)));

        assertThat(Rules.spec(spec, null, NOW)).isEmpty();
    }

    @Test
    void aPayloadDeeperThanItsLimitIsRefusedAndOneAtTheLimitIsTaken() {
        final String atLimit = "[".repeat(Limits.MAX_PAYLOAD_DEPTH) + "]".repeat(Limits.MAX_PAYLOAD_DEPTH);
        final String past = "[" + atLimit + "]";
        final List<Violation> ok = new ArrayList<>();
        final List<Violation> refused = new ArrayList<>();

        Rules.payload(ok, "payload", json(atLimit));
        Rules.payload(refused, "payload", json(past));

        assertThat(ok).isEmpty();
        assertThat(refused)
                .extracting(Violation::message)
                .containsExactly("must be nested at most " + Limits.MAX_PAYLOAD_DEPTH + " levels deep");
    }

    @Test
    void aPayloadWithANumberTooLargeForADoubleIsRefused() {
        final List<Violation> out = new ArrayList<>();

        Rules.payload(out, "payload", json("{\"n\":1e999}"));

        assertThat(out).extracting(Violation::message).containsExactly("must hold finite numbers only");
    }

    @Test
    void theLargeCompletionOfTheIssueIsRefusedNamingItsSummaryFirst() {
        final Result result = new Result(
                "s".repeat(100_000), "n".repeat(100_000), List.of(), Collections.nCopies(170, "l".repeat(4_000)));

        final List<Violation> violations = Rules.command(new Command.CompleteItem("r1", "item-1", "a1", 1, result));

        assertThat(violations.get(0))
                .isEqualTo(new Violation("result.summary", "must be at most " + Limits.MAX_SUMMARY + " characters"));
        assertThat(fields(violations)).contains("result.notes", "result.logs[0]");
    }

    @Test
    void aBatchIsJudgedByItsOwnFieldsAndEachPartAlone() {
        final Command.CompleteItem tooLong =
                new Command.CompleteItem("r#2", "2", "a1", 1, Result.of("s".repeat(Limits.MAX_SUMMARY + 1)));
        final Command.Batch batch = new Command.Batch(
                "r#partition/0.0", List.of(new Command.ReleaseItem("r#1", "1", "a1", 1, null), tooLong));

        assertThat(Rules.command(batch)).isEmpty();
        assertThat(Rules.command(tooLong)).extracting(Violation::field).containsExactly("result.summary");
        assertThat(Rules.command(new Command.Batch("r", List.of())))
                .extracting(Violation::field)
                .containsExactly("parts");
        assertThat(Rules.command(new Command.Batch(
                        "r",
                        Collections.nCopies(
                                Limits.MAX_CLAIM_BATCH + 1, new Command.ReleaseItem("r#1", "1", "a1", 1, null)))))
                .containsExactly(
                        new Violation("parts", "must hold between 1 and " + Limits.MAX_CLAIM_BATCH + " items"));
    }

    @Test
    void anItemOfABatchCallIsJudgedWithoutTheCallsAgentAndRequestId() {
        final Command.RenewLease part = new Command.RenewLease(null, "has space", null, 1, 0, "p");

        assertThat(fields(Rules.part(part))).containsExactly("itemId", "leaseSeconds");
        assertThat(fields(Rules.command(part))).containsExactly("requestId", "itemId", "agent", "leaseSeconds");
    }

    @Test
    void aPartsRequestIdDerivedFromTheLongestCallIdAndItemIdIsTaken() {
        final String id = "k".repeat(Limits.MAX_REQUEST_ID) + "#" + "i".repeat(Limits.MAX_ITEM_ID);

        assertThat(Rules.command(new Command.ReleaseItem(id, "i".repeat(Limits.MAX_ITEM_ID), "a1", 1, null)))
                .isEmpty();
    }

    @Test
    void aResultWithinEveryFieldButTooLargeInAllIsRefusedAsAWhole() {
        final Result result = new Result(
                "s".repeat(Limits.MAX_SUMMARY),
                "n".repeat(Limits.MAX_NOTES),
                List.of(),
                Collections.nCopies(Limits.MAX_LOG_LINES, "l".repeat(Limits.MAX_LOG_LINE)));

        assertThat(fields(Rules.result(result, "result."))).containsExactly("result");
    }

    @Test
    void aRequestIdWithALoneSurrogateOrASpaceIsRefused() {
        final List<Violation> out = new ArrayList<>();

        Rules.requestId(out, "requestId", "\ud800");
        Rules.requestId(out, "Idempotency-Key", "has space");
        Rules.requestId(out, "Idempotency-Key", null);

        assertThat(fields(out)).containsExactly("requestId", "Idempotency-Key");
    }

    @Test
    void aBoundWithoutAnUpperEndSaysSo() {
        final List<Violation> out = new ArrayList<>();

        Rules.between(out, "minEpoch", -1L, 0, Long.MAX_VALUE);
        Rules.between(out, "waitSeconds", 61, 0, Limits.MAX_WAIT_SECONDS);

        assertThat(out)
                .containsExactly(
                        new Violation("minEpoch", "must be at least 0"),
                        new Violation("waitSeconds", "must be between 0 and " + Limits.MAX_WAIT_SECONDS));
    }

    @Test
    void textWrittenBackToACallerHasNoLoneSurrogate() {
        assertThat(Text.wellFormed("a\ud800b\udc00\ud83d\ude00")).isEqualTo("a\uFFFDb\uFFFD\ud83d\ude00");
        assertThat(new Violation("payload.\ud800", "x").field()).isEqualTo("payload.\uFFFD");
    }
}
