package dev.baton.contracts.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void anAgentNameWithANewlineCannotForgeASecondLifecycleLine() {
        // given: a grant to an agent whose name carries a forged line
        final ItemEvent claimed = new ItemEvent.ItemClaimed(
                "42",
                Instant.EPOCH,
                ItemState.CLAIMED,
                "mallory\n2026-02-05 09:00:00 INFO backlog.claim id=FAKE status=completed owner=root epoch=99",
                1,
                Instant.EPOCH,
                1,
                null);

        // when
        final String line = LifecycleLine.of(claimed);

        // then: one line, the forgery shown as text
        assertThat(line).doesNotContain("\n").startsWith("backlog.claim id=42 status=claimed owner=mallory\\n2026");
    }

    @Test
    void inertEscapesControlsSeparatorsQuotesAndLoneSurrogatesAndKeepsTheRest() {
        assertThat(Text.inert("plain text, été 🎉")).isEqualTo("plain text, été 🎉");
        assertThat(Text.inert("a\u0000b\u001b[1m\r\t\"q\"\\")).isEqualTo("a\\u0000b\\u001b[1m\\r\\t\\\"q\\\"\\\\");
        assertThat(Text.inert("x\u2028y\ufeffz")).isEqualTo("x\\u2028y\\ufeffz");
        assertThat(Text.inert("lone \ud800 end")).isEqualTo("lone \\ud800 end");
        assertThat(Text.inert(null)).isNull();
    }

    @Test
    void oneLineTextRefusesControlsAndInvisibleOnlyValuesAndFreeTextRefusesOnlyNulAndBrokenUnicode() {
        assertThat(Text.problem("A title", true)).isNull();
        assertThat(Text.problem("\u0000\u0000", true)).contains("NUL");
        assertThat(Text.problem("\u0007bell", true)).contains("control characters");
        assertThat(Text.problem("\ufeff", true)).isEqualTo("must contain a visible character");
        assertThat(Text.problem(" \u200b ", true)).isEqualTo("must contain a visible character");
        assertThat(Text.problem("line one\nline two\u001b[0m", false)).isNull();
        assertThat(Text.problem("bad \ud800", false)).contains("lone surrogate");
        assertThat(Text.problem("nul\u0000", false)).contains("NUL");
    }
}
