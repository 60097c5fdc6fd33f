package dev.baton.writer.material;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one day's devlog is written from: the work finished, what failed, whose leases ran out,
 * what went dead, and the raw lifecycle log of the day. One value per day in
 * {@code devlog-days-store}, keyed by the ISO date.
 *
 * <p>Adding an event to the sections is idempotent: every entry carries the id of the event it
 * came from (item id, status, epoch and time), and an event already in a section is not added
 * again. Each section keeps the latest entries by time up to a bound (see
 * {@link MaterialSettings}); the {@code truncated} flags say that a day had more than it keeps.
 * {@code notable} keeps the latest raw lines of failures, expiries and dead items apart from the
 * rest, so a busy day's ordinary lines cannot push them out.
 *
 * <p>The {@link Tally} counts the whole day. Counting cannot be both idempotent and bounded, so
 * {@link #with} leaves it alone and {@link Fold} fills it, given each event once, as the store
 * holds them.
 */
public record DayMaterial(
        LocalDate date,
        List<Completion> completions,
        List<Failure> failures,
        List<Expiry> expiries,
        List<DeadLetter> deadLetters,
        List<LogLine> log,
        boolean entriesTruncated,
        boolean logTruncated,
        List<LogLine> notable,
        Tally tally) {

    public DayMaterial {
        Objects.requireNonNull(date, "date");
        completions = completions == null ? List.of() : List.copyOf(completions);
        failures = failures == null ? List.of() : List.copyOf(failures);
        expiries = expiries == null ? List.of() : List.copyOf(expiries);
        deadLetters = deadLetters == null ? List.of() : List.copyOf(deadLetters);
        log = log == null ? List.of() : List.copyOf(log);
        notable = notable == null ? List.of() : List.copyOf(notable);
        tally = tally == null ? Tally.NONE : tally;
    }

    public static DayMaterial empty(LocalDate date) {
        return new DayMaterial(
                date, List.of(), List.of(), List.of(), List.of(), List.of(), false, false, List.of(), Tally.NONE);
    }

    /** The day's material from its events, each once, in any order: the sections and the tally. */
    public static DayMaterial of(LocalDate date, Collection<? extends ItemEvent> events, MaterialSettings settings) {
        final List<ItemEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(ItemEvent::at).thenComparing(DayMaterial::eventId));
        final Fold fold = new Fold(date, settings);
        ordered.forEach(fold::add);
        return fold.material();
    }

    /**
     * The tally of the day: what {@link Fold} counted, or for material that was not folded (from a
     * writer that did not count) what the sections kept.
     */
    public Tally counts() {
        return tally.counted() ? tally : Tally.ofKept(this);
    }

    /** Whether a status word marks a notable line: something went wrong. */
    public static boolean isNotable(String status) {
        return "failed".equals(status) || "expired".equals(status) || "dead".equals(status);
    }

    /**
     * Folds a day's events into its material: each event once, in time order, as the store's scan
     * of the day gives them.
     */
    public static final class Fold {

        private final MaterialSettings settings;
        private final Tally.Counter counter = new Tally.Counter();
        private DayMaterial material;

        public Fold(LocalDate date, MaterialSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.material = empty(date);
        }

        public Fold add(ItemEvent event) {
            material = material.with(event, settings);
            counter.add(event, eventId(event));
            return this;
        }

        public DayMaterial material() {
            final DayMaterial m = material;
            return new DayMaterial(
                    m.date,
                    m.completions,
                    m.failures,
                    m.expiries,
                    m.deadLetters,
                    m.log,
                    m.entriesTruncated,
                    m.logTruncated,
                    m.notable,
                    counter.tally());
        }
    }

    /** This day's sections with one more event; the same day if the event is already in them. The tally is left as it is. */
    public DayMaterial with(ItemEvent event, MaterialSettings settings) {
        final String id = eventId(event);
        final int max = settings.maxEntries();
        final LogLine line = LogLine.of(event, id, settings.zone());
        final Latest<LogLine> lines = Latest.add(log, line, settings.maxLogLines());
        final Latest<LogLine> marked = isNotable(LifecycleLine.status(event))
                ? Latest.add(notable, line, settings.maxLogLines())
                : Latest.unchanged(notable);
        final Latest<Completion> done = event instanceof ItemEvent.ItemCompleted e
                ? Latest.add(completions, Completion.of(e, id), max)
                : Latest.unchanged(completions);
        final Latest<Failure> failed = event instanceof ItemEvent.ItemFailed e
                ? Latest.add(failures, Failure.of(e, id), max)
                : Latest.unchanged(failures);
        final Latest<Expiry> expired = event instanceof ItemEvent.LeaseExpired e
                ? Latest.add(expiries, Expiry.of(e, id), max)
                : Latest.unchanged(expiries);
        final Latest<DeadLetter> dead = event instanceof ItemEvent.ItemDeadLettered e
                ? Latest.add(deadLetters, DeadLetter.of(e, id), max)
                : Latest.unchanged(deadLetters);
        return new DayMaterial(
                date,
                done.entries(),
                failed.entries(),
                expired.entries(),
                dead.entries(),
                lines.entries(),
                entriesTruncated || done.truncated() || failed.truncated() || expired.truncated() || dead.truncated(),
                logTruncated || lines.truncated(),
                marked.entries(),
                tally);
    }

    /**
     * The identity of an event: {@code <item id>/<status>/<epoch or ->/<at>}. Two deliveries of
     * one event have the same id; two transitions of one item differ in status, epoch or time.
     */
    public static String eventId(ItemEvent event) {
        final Long epoch = epochOf(event);
        return event.itemId() + "/" + LifecycleLine.status(event) + "/" + (epoch == null ? "-" : epoch) + "/"
                + event.at();
    }

    private static Long epochOf(ItemEvent event) {
        if (event instanceof ItemEvent.ItemClaimed e) {
            return e.epoch();
        } else if (event instanceof ItemEvent.LeaseRenewed e) {
            return e.epoch();
        } else if (event instanceof ItemEvent.ItemCompleted e) {
            return e.epoch();
        } else if (event instanceof ItemEvent.ItemFailed e) {
            return e.epoch();
        } else if (event instanceof ItemEvent.ItemReleased e) {
            return e.epoch();
        } else if (event instanceof ItemEvent.LeaseExpired e) {
            return e.epoch();
        }
        return null;
    }

    /** One entry of a section: when it happened and which event it came from. */
    public interface Entry {

        Instant at();

        String event();
    }

    /** Finished work, with everything the agent reported about it. */
    public record Completion(
            String itemId,
            String type,
            String title,
            Integer priority,
            List<String> labels,
            String agent,
            long epoch,
            String summary,
            String notes,
            List<String> tags,
            List<String> logs,
            Instant at,
            String event)
            implements Entry {

        public Completion {
            labels = labels == null ? List.of() : List.copyOf(labels);
            tags = tags == null ? List.of() : List.copyOf(tags);
            logs = logs == null ? List.of() : List.copyOf(logs);
        }

        static Completion of(ItemEvent.ItemCompleted e, String event) {
            final ItemSummary item = e.item();
            final Result result = e.result();
            return new Completion(
                    e.itemId(),
                    item == null ? null : Clip.text(item.type(), Clip.WORD),
                    item == null ? null : Clip.text(item.title(), Clip.TITLE),
                    item == null ? null : item.priority(),
                    item == null ? List.of() : Clip.first(item.labels(), Clip.WORDS, Clip.WORD),
                    Clip.text(e.agent(), Clip.WORD),
                    e.epoch(),
                    result == null ? null : Clip.text(result.summary(), Clip.SUMMARY),
                    result == null ? null : Clip.text(result.notes(), Clip.NOTES),
                    result == null ? List.of() : Clip.first(result.tags(), Clip.WORDS, Clip.WORD),
                    result == null ? List.of() : Clip.last(result.logs(), Clip.LOG_LINES, Clip.LOG_LINE),
                    e.at(),
                    event);
        }
    }

    /** A failure the holder reported; {@code retryAt} is set when the item will be tried again. */
    public record Failure(
            String itemId,
            String title,
            String agent,
            long epoch,
            String error,
            boolean retryable,
            int attempts,
            Instant retryAt,
            Instant at,
            String event)
            implements Entry {

        static Failure of(ItemEvent.ItemFailed e, String event) {
            return new Failure(
                    e.itemId(),
                    titleOf(e.item()),
                    Clip.text(e.agent(), Clip.WORD),
                    e.epoch(),
                    Clip.text(e.error(), Clip.ERROR),
                    e.retryable(),
                    e.attempts(),
                    e.retryAt(),
                    e.at(),
                    event);
        }
    }

    /** A holder that stopped sending heartbeats: its lease ran out and the attempt counted. */
    public record Expiry(String itemId, String title, String agent, long epoch, int attempts, Instant at, String event)
            implements Entry {

        static Expiry of(ItemEvent.LeaseExpired e, String event) {
            return new Expiry(
                    e.itemId(),
                    titleOf(e.item()),
                    Clip.text(e.agent(), Clip.WORD),
                    e.epoch(),
                    e.attempts(),
                    e.at(),
                    event);
        }
    }

    /** An item that went dead: attempts exhausted or a failure that cannot be retried. */
    public record DeadLetter(String itemId, String title, String reason, int attempts, Instant at, String event)
            implements Entry {

        static DeadLetter of(ItemEvent.ItemDeadLettered e, String event) {
            return new DeadLetter(
                    e.itemId(), titleOf(e.item()), Clip.text(e.reason(), Clip.ERROR), e.attempts(), e.at(), event);
        }
    }

    /** One raw lifecycle line, {@code 2026-02-05 09:12:07 INFO backlog.claim id=42 status=claimed owner=a7 epoch=3}. */
    public record LogLine(String line, Instant at, String event) implements Entry {

        static LogLine of(ItemEvent e, String event, ZoneId zone) {
            return new LogLine(Clip.text(LifecycleLine.stamped(e, zone), Clip.RAW_LINE), e.at(), event);
        }
    }

    private static String titleOf(ItemSummary item) {
        return item == null ? null : Clip.text(item.title(), Clip.TITLE);
    }
}
