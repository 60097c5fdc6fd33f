package dev.baton.writer.material;

import static dev.baton.writer.Events.claimed;
import static dev.baton.writer.Events.completed;
import static dev.baton.writer.Events.dead;
import static dev.baton.writer.Events.expired;
import static dev.baton.writer.Events.failed;
import static dev.baton.writer.Events.renewed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.writer.Events;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DayMaterialTest {

    private static final LocalDate DAY = LocalDate.parse("2026-02-05");
    private static final MaterialSettings SETTINGS = MaterialSettings.defaults();

    @Test
    void aCompletionKeepsWhatTheAgentReportedAndTheItemItFinished() {
        // given
        final DayMaterial day = DayMaterial.empty(DAY);

        // when
        final DayMaterial after = day.with(completed("42", "2026-02-05T09:12:12Z", "a7", 3, "parser done"), SETTINGS);

        // then
        assertThat(after.completions()).singleElement().satisfies(c -> {
            assertThat(c.itemId()).isEqualTo("42");
            assertThat(c.type()).isEqualTo("build");
            assertThat(c.title()).isEqualTo("Write the parser");
            assertThat(c.priority()).isEqualTo(5);
            assertThat(c.labels()).containsExactly("core");
            assertThat(c.agent()).isEqualTo("a7");
            assertThat(c.summary()).isEqualTo("parser done");
            assertThat(c.notes()).isEqualTo("claims are leases now");
            assertThat(c.tags()).containsExactly("locking");
            assertThat(c.logs()).containsExactly("tests: 12 passed");
            assertThat(c.at()).isEqualTo(Instant.parse("2026-02-05T09:12:12Z"));
        });
        assertThat(after.log())
                .extracting(DayMaterial.LogLine::line)
                .containsExactly("2026-02-05 09:12:12 INFO backlog.claim id=42 status=completed owner=a7 epoch=3");
    }

    @Test
    void everyLifecycleEventIsARawLineInTheSeedsShape() {
        // given
        final DayMaterial day = DayMaterial.empty(DAY);

        // when
        final DayMaterial after = day.with(claimed("42", "2026-02-05T09:12:07Z", "a7", 3), SETTINGS)
                .with(
                        new ItemEvent.ItemRedriven("43", Instant.parse("2026-02-05T09:12:09Z"), ItemState.READY),
                        SETTINGS)
                .with(expired("44", "2026-02-05T09:12:08Z", "a8", 1), SETTINGS);

        // then: in time order, whatever the order of arrival
        assertThat(after.log())
                .extracting(DayMaterial.LogLine::line)
                .containsExactly(
                        "2026-02-05 09:12:07 INFO backlog.claim id=42 status=claimed owner=a7 epoch=3",
                        "2026-02-05 09:12:08 WARN backlog.claim id=44 status=expired owner=a8 epoch=1 attempts=2",
                        "2026-02-05 09:12:09 INFO backlog.claim id=43 status=redriven");
    }

    @Test
    void rawLinesAreStampedInTheConfiguredZone() {
        // given
        final MaterialSettings berlin = new MaterialSettings(ZoneId.of("Europe/Berlin"), 500, 200);

        // when
        final DayMaterial after = DayMaterial.empty(DAY).with(claimed("42", "2026-02-05T09:12:07Z", "a7", 3), berlin);

        // then
        assertThat(after.log().get(0).line()).startsWith("2026-02-05 10:12:07 INFO");
    }

    @Test
    void addingTheSameEventAgainChangesNothing() {
        // given
        final ItemEvent completion = completed("42", "2026-02-05T09:12:12Z", "a7", 3, "parser done");
        final DayMaterial once = DayMaterial.empty(DAY).with(completion, SETTINGS);

        // when
        final DayMaterial twice = once.with(completion, SETTINGS);

        // then
        assertThat(twice).isEqualTo(once);
        assertThat(twice.completions()).hasSize(1);
        assertThat(twice.log()).hasSize(1);
    }

    @Test
    void twoCompletionsOfOneItemUnderDifferentEpochsAreBothKept() {
        // given: the item was redriven and done again later
        final DayMaterial day =
                DayMaterial.empty(DAY).with(completed("42", "2026-02-05T09:00:00Z", "a7", 3, "first"), SETTINGS);

        // when
        final DayMaterial after = day.with(completed("42", "2026-02-05T15:00:00Z", "a9", 7, "second"), SETTINGS);

        // then
        assertThat(after.completions())
                .extracting(DayMaterial.Completion::summary)
                .containsExactly("first", "second");
    }

    @Test
    void failuresExpiriesAndDeadItemsHaveTheirOwnSections() {
        // when
        final DayMaterial after = DayMaterial.empty(DAY)
                .with(failed("42", "2026-02-05T09:00:00Z", "a7", 3, "compiler crashed"), SETTINGS)
                .with(expired("43", "2026-02-05T09:01:00Z", "a8", 1), SETTINGS)
                .with(dead("44", "2026-02-05T09:02:00Z", "attempts exhausted"), SETTINGS)
                .with(renewed("45", "2026-02-05T09:03:00Z", "a9", 2), SETTINGS);

        // then
        assertThat(after.failures()).singleElement().satisfies(f -> {
            assertThat(f.itemId()).isEqualTo("42");
            assertThat(f.title()).isEqualTo("Write the parser");
            assertThat(f.error()).isEqualTo("compiler crashed");
            assertThat(f.retryable()).isTrue();
        });
        assertThat(after.expiries()).singleElement().satisfies(x -> {
            assertThat(x.itemId()).isEqualTo("43");
            assertThat(x.agent()).isEqualTo("a8");
        });
        assertThat(after.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.itemId()).isEqualTo("44");
            assertThat(d.reason()).isEqualTo("attempts exhausted");
        });
        assertThat(after.completions()).isEmpty();
        assertThat(after.log()).hasSize(4);
    }

    @Test
    void keepsOnlyTheLatestRawLinesAndSaysSomeWereLeftOut() {
        // given
        final MaterialSettings three = new MaterialSettings(ZoneOffset.UTC, 3, 200);
        DayMaterial day = DayMaterial.empty(DAY);

        // when
        for (int second = 10; second < 15; second++) {
            day = day.with(renewed("42", "2026-02-05T09:00:" + second + "Z", "a7", 3), three);
        }

        // then
        assertThat(day.log())
                .extracting(DayMaterial.LogLine::at)
                .containsExactly(
                        Instant.parse("2026-02-05T09:00:12Z"),
                        Instant.parse("2026-02-05T09:00:13Z"),
                        Instant.parse("2026-02-05T09:00:14Z"));
        assertThat(day.logTruncated()).isTrue();
        assertThat(day.entriesTruncated()).isFalse();
    }

    @Test
    void anOldEventReplayedAfterItWasPushedOutDoesNotComeBack() {
        // given
        final MaterialSettings two = new MaterialSettings(ZoneOffset.UTC, 2, 200);
        final ItemEvent oldest = renewed("42", "2026-02-05T09:00:10Z", "a7", 3);
        final DayMaterial full = DayMaterial.empty(DAY)
                .with(oldest, two)
                .with(renewed("42", "2026-02-05T09:00:11Z", "a7", 3), two)
                .with(renewed("42", "2026-02-05T09:00:12Z", "a7", 3), two);

        // when
        final DayMaterial replayed = full.with(oldest, two);

        // then
        assertThat(replayed).isEqualTo(full);
    }

    @Test
    void theSameEventsInAnotherOrderGiveTheSameDay() {
        // given
        final List<ItemEvent> events = List.of(
                claimed("42", "2026-02-05T09:00:00Z", "a7", 3),
                completed("42", "2026-02-05T09:05:00Z", "a7", 3, "done"),
                failed("43", "2026-02-05T09:01:00Z", "a8", 1, "boom"),
                completed("44", "2026-02-05T09:03:00Z", "a9", 2, "done too"));
        final MaterialSettings small = new MaterialSettings(ZoneOffset.UTC, 3, 1);

        // when
        DayMaterial forward = DayMaterial.empty(DAY);
        for (ItemEvent event : events) {
            forward = forward.with(event, small);
        }
        final List<ItemEvent> reversed = new ArrayList<>(events);
        Collections.reverse(reversed);
        DayMaterial backward = DayMaterial.empty(DAY);
        for (ItemEvent event : reversed) {
            backward = backward.with(event, small);
        }

        // then
        assertThat(backward).isEqualTo(forward);
        assertThat(forward.completions())
                .extracting(DayMaterial.Completion::itemId)
                .containsExactly("42");
        assertThat(forward.entriesTruncated()).isTrue();
    }

    @Test
    void oversizedReportsAreClippedSoADayStaysStorable() {
        // given
        final String huge = "x".repeat(100_000);
        final ItemEvent completion = new ItemEvent.ItemCompleted(
                "42",
                Instant.parse("2026-02-05T09:00:00Z"),
                ItemState.DONE,
                "a7",
                3,
                new Result(huge, huge, List.of(), Collections.nCopies(1_000, huge)),
                Events.PARSER);

        // when
        final DayMaterial after = DayMaterial.empty(DAY).with(completion, SETTINGS);

        // then
        final DayMaterial.Completion kept = after.completions().get(0);
        assertThat(kept.summary()).hasSize(Clip.SUMMARY).endsWith("…");
        assertThat(kept.notes()).hasSize(Clip.NOTES);
        assertThat(kept.logs())
                .hasSize(Clip.LOG_LINES)
                .allSatisfy(line -> assertThat(line).hasSize(Clip.LOG_LINE));
    }

    @Test
    void aDayReadsBackFromItsStoredFormUnchanged() {
        // given
        final Codec<DayMaterial> codec = Codec.of(DayMaterial.class);
        final DayMaterial day = DayMaterial.empty(DAY)
                .with(completed("42", "2026-02-05T09:12:12Z", "a7", 3, "parser done"), SETTINGS)
                .with(failed("43", "2026-02-05T09:13:00Z", "a8", 1, "boom"), SETTINGS)
                .with(dead("44", "2026-02-05T09:14:00Z", "attempts exhausted"), SETTINGS);

        // when
        final Decoded<DayMaterial> read = codec.decode(codec.encode(day));

        // then
        assertThat(read).isEqualTo(new Decoded.Ok<>(day));
    }

    @Test
    void theFoldCountsTheWholeDayWhileTheSectionsKeepOnlyTheLatest() {
        // given: five completions, a day that keeps two entries per section
        final MaterialSettings two = new MaterialSettings(ZoneOffset.UTC, 500, 2);
        final List<ItemEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(claimed("4" + i, "2026-02-05T09:0" + i + ":00Z", "a7", 1));
            events.add(completed("4" + i, "2026-02-05T09:0" + i + ":30Z", "a7", 1, "done " + i));
        }

        // when
        final DayMaterial day = DayMaterial.of(DAY, events, two);

        // then
        assertThat(day.completions()).hasSize(2);
        assertThat(day.entriesTruncated()).isTrue();
        assertThat(day.tally().events()).isEqualTo(10);
        assertThat(day.tally().count("completed")).isEqualTo(5);
        assertThat(day.tally().count("claimed")).isEqualTo(5);
        assertThat(day.tally().types().get("build").completed()).isEqualTo(5);
        assertThat(day.tally().tags()).containsEntry("locking", 5L).containsEntry("core", 5L);
    }

    @Test
    void theTallyNamesTheItemsWorthTellingAbout() {
        // given: one item fails, then is done; another loses its lease and is taken over; a third runs an hour
        final List<ItemEvent> events = List.of(
                claimed("42", "2026-02-05T09:00:00Z", "a7", 1),
                failed("42", "2026-02-05T09:01:00Z", "a7", 1, "boom"),
                claimed("42", "2026-02-05T09:02:00Z", "a8", 2),
                completed("42", "2026-02-05T09:03:00Z", "a8", 2, "second time lucky"),
                claimed("43", "2026-02-05T10:00:00Z", "a1", 1),
                expired("43", "2026-02-05T10:00:30Z", "a1", 1),
                claimed("43", "2026-02-05T10:01:00Z", "a2", 2),
                claimed("44", "2026-02-05T11:00:00Z", "a3", 1),
                completed("44", "2026-02-05T12:00:00Z", "a3", 1, "an hour"));

        // when
        final Tally tally = DayMaterial.of(DAY, events, SETTINGS).tally();

        // then
        assertThat(tally.hardestWon().itemId()).isEqualTo("42");
        assertThat(tally.hardestWonSetbacks()).isEqualTo(1);
        assertThat(tally.recovered()).isEqualTo(1);
        assertThat(tally.takeovers()).isEqualTo(1);
        assertThat(tally.takenOver()).extracting(Tally.Mention::itemId).containsExactly("43");
        assertThat(tally.types().get("build").longest().itemId()).isEqualTo("44");
        assertThat(tally.types().get("build").longestMillis()).isEqualTo(3_600_000L);
        assertThat(tally.types().get("build").first().itemId()).isEqualTo("42");
    }

    @Test
    void notableLinesAreKeptApartSoABusyDayCannotPushThemOut() {
        // given: a day that keeps three raw lines, a failure first, then many ordinary lines
        final MaterialSettings three = new MaterialSettings(ZoneOffset.UTC, 3, 200);
        final List<ItemEvent> events = new ArrayList<>();
        events.add(failed("42", "2026-02-05T08:00:00Z", "a7", 1, "boom"));
        for (int second = 10; second < 20; second++) {
            events.add(renewed("43", "2026-02-05T09:00:" + second + "Z", "a8", 1));
        }

        // when
        final DayMaterial day = DayMaterial.of(DAY, events, three);

        // then
        assertThat(day.log()).hasSize(3).noneMatch(l -> l.line().contains("status=failed"));
        assertThat(day.notable())
                .extracting(DayMaterial.LogLine::line)
                .containsExactly(
                        "2026-02-05 08:00:00 WARN backlog.claim id=42 status=failed owner=a7 epoch=1 attempts=1");
        assertThat(day.tally().count("renewed")).isEqualTo(10);
    }

    @Test
    void theSameEventsInAnyOrderFoldToTheSameDayAndTally() {
        // given
        final List<ItemEvent> events = new ArrayList<>(List.of(
                claimed("42", "2026-02-05T09:00:00Z", "a7", 3),
                failed("42", "2026-02-05T09:01:00Z", "a7", 3, "boom"),
                claimed("42", "2026-02-05T09:02:00Z", "a8", 4),
                completed("42", "2026-02-05T09:05:00Z", "a8", 4, "done")));

        // when
        final DayMaterial forward = DayMaterial.of(DAY, events, SETTINGS);
        Collections.reverse(events);
        final DayMaterial backward = DayMaterial.of(DAY, events, SETTINGS);

        // then
        assertThat(backward).isEqualTo(forward);
        assertThat(forward.tally().recovered()).isEqualTo(1);
    }

    @Test
    void materialThatWasNotFoldedIsCountedFromWhatItKept() {
        // given: a day built section by section, as a writer that did not count would send it
        final DayMaterial day = DayMaterial.empty(DAY)
                .with(failed("42", "2026-02-05T09:00:00Z", "a7", 1, "boom"), SETTINGS)
                .with(completed("42", "2026-02-05T09:05:00Z", "a8", 2, "done"), SETTINGS);

        // when
        final Tally counts = day.counts();

        // then
        assertThat(day.tally().counted()).isFalse();
        assertThat(counts.count("completed")).isEqualTo(1);
        assertThat(counts.count("failed")).isEqualTo(1);
        assertThat(counts.recovered()).isEqualTo(1);
        assertThat(counts.types().get("build").completed()).isEqualTo(1);
    }

    @Test
    void aFoldedDayReadsBackFromJsonWithItsTally() {
        // given
        final Codec<DayMaterial> codec = Codec.of(DayMaterial.class);
        final DayMaterial day = DayMaterial.of(
                DAY,
                List.of(
                        claimed("42", "2026-02-05T09:00:00Z", "a7", 1),
                        expired("42", "2026-02-05T09:00:30Z", "a7", 1),
                        claimed("42", "2026-02-05T09:01:00Z", "a8", 2),
                        completed("42", "2026-02-05T09:12:12Z", "a8", 2, "parser done")),
                SETTINGS);

        // when
        final Decoded<DayMaterial> read = codec.decode(codec.encode(day));

        // then
        assertThat(read).isEqualTo(new Decoded.Ok<>(day));
        assertThat(((Decoded.Ok<DayMaterial>) read).value().tally().takeovers()).isEqualTo(1);
    }
}
