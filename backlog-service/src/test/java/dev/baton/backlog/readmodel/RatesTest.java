package dev.baton.backlog.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatesTest {

    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");
    private static final ItemSummary ITEM = new ItemSummary("build", "a title", 0, List.of());

    private Instant now = NOON;
    private final Rates rates = new Rates(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void submissionsAreCountedBesideClaimsCompletionsAndExpiries() {
        rates.record(new ItemEvent.ItemSubmitted("a", NOON, ItemState.READY, null, "r1"));
        rates.record(new ItemEvent.ItemSubmitted("b", NOON, ItemState.READY, null, "r2"));
        rates.record(claimed("a", "ada", NOON));
        rates.record(new ItemEvent.ItemCompleted("a", NOON, ItemState.DONE, "ada", 1, Result.of("built"), ITEM));

        assertThat(rates.submissionsLastMinute()).isEqualTo(2);
        assertThat(rates.claimsLastMinute()).isEqualTo(1);
        assertThat(rates.completionsLastMinute()).isEqualTo(1);
        assertThat(rates.expiriesLastMinute()).isZero();
    }

    @Test
    void anAgentIsActiveForAMinuteAfterItLastActedAndCountedOnce() {
        rates.record(claimed("a", "ada", NOON));
        rates.record(new ItemEvent.LeaseRenewed("a", NOON.plusSeconds(20), ItemState.CLAIMED, "ada", 1, NOON, "half"));
        rates.record(claimed("b", "bo", NOON.plusSeconds(5)));
        now = NOON.plusSeconds(30);

        assertThat(rates.agentsActiveLastMinute()).isEqualTo(2);

        now = NOON.plusSeconds(70);
        assertThat(rates.agentsActiveLastMinute())
                .as("bo is idle past a minute; ada renewed at 20 s")
                .isEqualTo(1);

        now = NOON.plusSeconds(90);
        assertThat(rates.agentsActiveLastMinute()).isZero();
    }

    @Test
    void historyRestoredFromLongAgoCountsNoAgentAndNoFlow() {
        now = NOON.plusSeconds(3600);

        rates.record(claimed("a", "ada", NOON));

        assertThat(rates.agentsActiveLastMinute()).isZero();
        assertThat(rates.claimsLastMinute()).isZero();
    }

    private static ItemEvent claimed(String id, String agent, Instant at) {
        return new ItemEvent.ItemClaimed(id, at, ItemState.CLAIMED, agent, 1, at.plusSeconds(30), 1, ITEM);
    }
}
