package dev.baton.contracts.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static InvalidRequest refusal(Runnable reading) {
        try {
            reading.run();
        } catch (InvalidRequest e) {
            return e;
        }
        throw new AssertionError("the request was accepted");
    }

    private static String nested(int depth) {
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    @Test
    void trailingGarbageAfterTheJsonIsRefusedAsTheBody() {
        final InvalidRequest refused = refusal(() -> JsonFields.parse("{\"type\":\"x\",\"title\":\"y\"} not json"));

        assertThat(refused.violations()).extracting(Violation::field).containsExactly("$");
        assertThat(refused.problem().type()).endsWith("/malformed-body");
    }

    @Test
    void aSecondValueAfterTheFirstIsRefusedToo() {
        assertThat(refusal(() -> JsonFields.parse("{\"a\":1} {\"b\":2}")).violations())
                .extracting(Violation::field)
                .containsExactly("$");
    }

    @Test
    void aBodyNestedDeeperThanTheLimitIsRefusedNamingTheMemberAndTheLimit() {
        final InvalidRequest refused = refusal(
                () -> JsonFields.parse("{\"type\":\"x\",\"payload\":" + nested(Limits.MAX_BODY_DEPTH + 5) + "}"));

        assertThat(refused.violations().get(0).field()).isEqualTo("payload");
        assertThat(refused.violations().get(0).message()).contains(Integer.toString(Limits.MAX_BODY_DEPTH));
    }

    @Test
    void anArrayNestedPastJacksonsOwnLimitIsRefusedWithoutFailing() {
        final InvalidRequest refused = refusal(() -> JsonFields.parse("[".repeat(1500) + "]".repeat(1500)));

        assertThat(refused.violations()).extracting(Violation::field).containsExactly("$");
        assertThat(refused.violations().get(0).message()).contains("nested too deeply");
    }

    @Test
    void aBodyAtTheDepthLimitIsRead() {
        final JsonFields fields = JsonFields.parse(nested(Limits.MAX_BODY_DEPTH));

        assertThat(fields.has("a")).isTrue();
    }

    @Test
    void aTreeParsedElsewhereIsHeldToTheSameDepth() {
        final var deep = dev.baton.contracts.json.Json.mapper().createObjectNode();
        var at = deep.putObject("data");
        for (int i = 0; i < Limits.MAX_BODY_DEPTH + 3; i++) {
            at = at.putObject("a");
        }

        assertThat(refusal(() -> JsonFields.of(deep)).violations().get(0).field())
                .isEqualTo("data");
    }

    @Test
    void aLoneSurrogateInAnyStringIsAViolationAtItsPath() {
        final JsonFields fields = JsonFields.parse("{\"requestId\":\"\\ud800\",\"extra\":[\"ok\",\"\\udc00x\"]}");

        assertThat(fields.violations()).extracting(Violation::field).containsExactlyInAnyOrder("requestId", "extra[1]");
    }

    @Test
    void aLoneSurrogateInAFieldNameIsReportedWithoutBreakingTheAnswer() {
        final JsonFields fields = JsonFields.parse("{\"payload\":{\"\\ud800\":1}}");

        assertThat(fields.violations()).hasSize(1);
        assertThat(fields.violations().get(0).field()).isEqualTo("payload.\uFFFD");
    }

    @Test
    void aNumberTooLongToReadIsRefusedAsTheBody() {
        assertThat(refusal(() -> JsonFields.parse("{\"n\":" + "9".repeat(2000) + "}"))
                        .violations())
                .extracting(Violation::field)
                .containsExactly("$");
    }

    @Test
    void shapeAndRuleViolationsComeTogetherInTheOrderTheFieldsWereRead() {
        final JsonFields fields = JsonFields.parse("{\"type\":\"bad type\",\"priority\":\"high\"}");
        final String type = fields.string("type", true);
        fields.string("title", true);
        fields.integer("priority");
        fields.check(out -> Rules.pattern(out, "type", type, Limits.TYPE, Limits.TYPE_RULE, true));

        final InvalidRequest refused = refusal(fields::done);

        assertThat(refused.violations()).extracting(Violation::field).containsExactly("type", "title", "priority");
        assertThat(refused.problem().field()).isEqualTo("type");
    }

    @Test
    void aRuleDoesNotNameAgainAFieldAlreadyWrongInShape() {
        final JsonFields fields = JsonFields.parse("{\"title\":7}");
        fields.string("title", true);
        fields.rule(List.of(new Violation("title", "is required")));

        assertThat(fields.violations()).containsExactly(new Violation("title", "must be a string"));
    }

    @Test
    void ruleViolationsOfANestedObjectAreNamedInsideIt() {
        final JsonFields envelope = JsonFields.parse("{\"data\":{\"title\":\"\\u0000\"}}");
        final JsonFields data = envelope.object("data");
        data.check(out -> Rules.oneLine(out, "title", data.string("title", true), Limits.MAX_TITLE, true));

        assertThat(envelope.violations()).extracting(Violation::field).containsExactly("data.title");
    }

    @Test
    void anEmptyBodyIsAnEmptyObjectOnlyWhereEveryFieldIsOptional() {
        assertThat(JsonFields.parseOrEmpty("").violations()).isEmpty();
        assertThat(refusal(() -> JsonFields.parse(" ")).violations())
                .extracting(Violation::field)
                .containsExactly("$");
    }

    @Test
    void aProblemListsAtMostAHundredViolationsAndCountsTheRest() {
        final JsonFields fields = JsonFields.parse("{\"labels\":[" + "1,".repeat(499) + "1]}");
        fields.strings("labels");

        final Problem problem = refusal(fields::done).problem();

        assertThat((List<?>) problem.facts().get("violations")).hasSize(100);
        assertThat(problem.facts().get("violationsNotListed")).isEqualTo(400);
    }

    @Test
    void queryParametersAreReadAsNumbersAndNamedWhenWrong() {
        final Params params = new Params();
        assertThat(params.integer("limit", "20", 1, Limits.MAX_PAGE)).isEqualTo(20);
        params.integer("waitSeconds", "abc", 0, Limits.MAX_WAIT_SECONDS);
        params.longValue("minEpoch", "-1", 0, Long.MAX_VALUE);
        params.bool("local", "yes");

        assertThat(refusal(params::done).violations())
                .extracting(Violation::field)
                .containsExactly("waitSeconds", "minEpoch", "local");
    }
}
