package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The request log alone, over real stores: what a retry hears, what a reused id hears, what is forgotten. */
class RequestLogTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private static final Command.ClaimItem CLAIM = new Command.ClaimItem("r-1", "42", "a1", 30);
    private static final Reply ANSWER = new Reply.Rejected("r-1", Rejection.unknownItem("42"));

    private final KeyValueStore<String, byte[]> answers = TestStores.bytes("request-answers-store");
    private final RequestLog log = new RequestLog(answers, TestStores.strings("request-expiries-store"));

    @Test
    void aRequestIdNotSeenBeforeHasNothingToRecall() {
        assertThat(log.recall(CLAIM)).isEmpty();
    }

    @Test
    void theSameCommandAgainIsAnsweredAsTheFirstTime() {
        log.remember(CLAIM, ANSWER, T0);

        assertThat(log.recall(CLAIM)).contains(ANSWER);
    }

    @Test
    void theSameRequestIdWithAnotherCommandIsRefusedAsReused() {
        log.remember(CLAIM, ANSWER, T0);

        final Reply reused =
                log.recall(new Command.ClaimItem("r-1", "42", "a2", 30)).orElseThrow();

        assertThat(reused).isInstanceOfSatisfying(Reply.Rejected.class, r -> {
            assertThat(r.rejection().reason()).isEqualTo(Reason.INVALID);
            assertThat(r.rejection().detail()).isEqualTo("request id r-1 was already used for a different command");
        });
    }

    @Test
    void theFingerprintIsTheSha256OfTheCommandsEncoding() {
        final String one = RequestLog.fingerprint(CLAIM);

        assertThat(one).hasSize(64).matches("[0-9a-f]+").isEqualTo(RequestLog.fingerprint(CLAIM));
        assertThat(RequestLog.fingerprint(new Command.ClaimItem("r-1", "42", "a1", 31)))
                .isNotEqualTo(one);
    }

    @Test
    void theAnswerIsStoredAsATypedValueThroughTheCodec() {
        log.remember(CLAIM, ANSWER, T0);

        assertThat(Codec.of(RequestLog.Remembered.class).decode(answers.get("r-1")))
                .isEqualTo(new Decoded.Ok<>(new RequestLog.Remembered(RequestLog.fingerprint(CLAIM), ANSWER)));
    }

    @Test
    void anAnswerIsForgottenOnceItIsOlderThanTheMemory() {
        log.remember(CLAIM, ANSWER, T0);

        assertThat(log.forget(T0.toEpochMilli() - 1, 100)).isZero();
        assertThat(log.recall(CLAIM)).isPresent();
        assertThat(log.forget(T0.toEpochMilli(), 100)).isEqualTo(1);
        assertThat(log.recall(CLAIM)).isEmpty();
    }

    @Test
    void anAnswerThatCannotBeReadIsSaidSoRatherThanTakenForNew() {
        answers.put("r-1", "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThatThrownBy(() -> log.recall(CLAIM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the answer remembered for request r-1 cannot be read");
    }
}
