package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DayMaterial.Completion;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.material.Tally;
import dev.baton.writer.material.Tally.Mention;
import dev.baton.writer.material.Tally.TypeTally;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A day in a few facts: everything a narrator may say, and all it is told. Counts come from the
 * day's {@link Tally} (the whole day); words (summaries, lessons, the names of setbacks) from what
 * the material kept. Bounded by {@link PostBounds} whatever the size of the day. Plain text
 * throughout: the renderer escapes.
 *
 * @param finished   completions of the day
 * @param learned    of which items of type {@code learn}
 * @param kinds      the other completions by type, most first ({@link PostBounds#KINDS} at most)
 * @param otherKinds completions of the types not in {@code kinds}, and how many such types
 * @param themes     the tags and labels that carried the most work, most first
 * @param highlights the few built items worth naming, each with why
 * @param lessons    what the learning feeds said, the same lesson once
 * @param otherLessons distinct lessons not told
 * @param lessonsFrom how many learning items the lessons were drawn from: all of the day's, or on a
 *                   busy day the latest the material kept
 * @param setbacks   what went wrong; {@link Setbacks#any()} is false on a clean day
 * @param next       the most urgent items still ready
 */
public record DayFacts(
        LocalDate date,
        long finished,
        long learned,
        List<Count> kinds,
        Others otherKinds,
        List<Count> themes,
        List<Highlight> highlights,
        List<Lesson> lessons,
        int otherLessons,
        int lessonsFrom,
        Setbacks setbacks,
        List<NextUp> next) {

    public DayFacts {
        Objects.requireNonNull(date, "date");
        kinds = List.copyOf(kinds);
        themes = List.copyOf(themes);
        highlights = List.copyOf(highlights);
        lessons = List.copyOf(lessons);
        next = next == null ? List.of() : List.copyOf(next);
        Objects.requireNonNull(setbacks, "setbacks");
    }

    /** Completions that were not learning. */
    public long built() {
        return finished - learned;
    }

    /** A name and how many: a kind of work and its items, a tag and the items it was on. */
    public record Count(String name, long n) {}

    /** The completions of the kinds not counted one by one: how many kinds, how many items. */
    public record Others(int kinds, long items) {}

    /** Why an item is named. */
    public enum Why {
        /** The highest priority finished that day. */
        MOST_URGENT,
        /** The longest from claim to completion, both that day. */
        LONGEST,
        /** Finished after failures or expired leases earlier that day. */
        HARDEST_WON,
        /** The day's only item of its type. */
        ONLY_OF_KIND,
        /** Named because there was room: a day with few items names them all. */
        ALSO,
        /** The one item built that day. */
        SOLE
    }

    /**
     * An item named in "What I built".
     *
     * @param title    as shown (clipped), or {@code null} when the item had none
     * @param detail   for {@link Why#LONGEST} the run ("2 h 18 min"), for {@link Why#HARDEST_WON}
     *                 the attempts it took; else {@code null}
     * @param summary  the first sentence of the agent's summary, clipped; may be {@code null}
     */
    public record Highlight(
            Why why, String itemId, String title, String type, Integer priority, String detail, String summary) {}

    /**
     * One lesson from the learning feeds: the items that reported the same summary, merged.
     *
     * @param titles  the distinct titles of those items, first seen first ({@link PostBounds#SETBACK_NAMES} at most)
     * @param items   how many items reported it
     */
    public record Lesson(List<String> titles, List<String> itemIds, int items, String summary, String notes) {

        public Lesson {
            titles = List.copyOf(titles);
            itemIds = List.copyOf(itemIds);
        }
    }

    /** An item named in the setbacks table. */
    public record Named(String itemId, String title) {}

    /**
     * One row of the setbacks table.
     *
     * @param count how many events of the kind the day had
     * @param named the first few distinct items among those the material kept
     * @param more  further distinct items that the material kept; the day may have had others
     */
    public record Row(long count, List<Named> named, long more) {

        public Row {
            named = List.copyOf(named);
        }

        static final Row NONE = new Row(0, List.of(), 0);
    }

    /**
     * What went wrong.
     *
     * @param recovered completions of items that had failed or lost a lease earlier that day
     * @param takeovers claims of items whose lease had run out earlier that day: where a late holder
     *                  is refused. The refusals themselves are answered to the agent and are not on
     *                  {@code item-events}, so a post cannot count them.
     */
    public record Setbacks(
            Row failures, Row expiries, Row dead, long recovered, long takeovers, List<Named> takenOver) {

        public Setbacks {
            takenOver = List.copyOf(takenOver);
        }

        public boolean any() {
            return failures.count() + expiries.count() + dead.count() > 0;
        }
    }

    /** The day's facts from its material and the most urgent ready items. */
    public static DayFacts of(DayMaterial day, List<NextUp> next) {
        final Tally tally = day.counts();
        final long finished = tally.count("completed");
        final TypeTally learning = tally.types().get(Work.LEARN);
        final long learned = learning == null ? 0 : learning.completed();
        final List<Map.Entry<String, TypeTally>> built = tally.types().entrySet().stream()
                .filter(e -> !Work.LEARN.equals(e.getKey()))
                .toList();
        final List<Count> allKinds = built.stream()
                .map(e -> new Count(e.getKey(), e.getValue().completed()))
                .sorted(Comparator.comparingLong(Count::n).reversed())
                .toList();
        final List<Count> kinds = allKinds.stream().limit(PostBounds.KINDS).toList();
        final long shown = kinds.stream().mapToLong(Count::n).sum();
        final Others otherKinds = new Others(allKinds.size() - kinds.size(), Math.max(0, finished - learned - shown));
        return new DayFacts(
                day.date(),
                finished,
                learned,
                kinds,
                otherKinds,
                themes(tally, finished),
                highlights(day, tally, built),
                lessons(day),
                otherLessons(day),
                Work.learnings(day).size(),
                setbacks(day, tally),
                next == null
                        ? List.of()
                        : next.stream()
                                .map(n -> new NextUp(n.id(), n.title() == null ? null : title(n.title()), n.priority()))
                                .toList());
    }

    /** The title of every item the facts name, for checking what a narrator names. */
    public Set<String> titles() {
        final Set<String> all = new LinkedHashSet<>();
        highlights.forEach(h -> add(all, h.title()));
        lessons.forEach(l -> l.titles().forEach(t -> add(all, t)));
        for (final Row row : List.of(setbacks.failures(), setbacks.expiries(), setbacks.dead())) {
            row.named().forEach(n -> add(all, n.title()));
        }
        setbacks.takenOver().forEach(n -> add(all, n.title()));
        next.forEach(n -> add(all, n.title()));
        return all;
    }

    /** Every item the facts name, title to id, in the order the post names them; for the details block. */
    public Map<String, String> namedItems() {
        final Map<String, String> ids = new LinkedHashMap<>();
        highlights.forEach(h -> ids.putIfAbsent(h.itemId(), h.title()));
        lessons.stream()
                .filter(l -> !l.itemIds().isEmpty())
                .forEach(l -> ids.putIfAbsent(l.itemIds().get(0), l.titles().get(0)));
        for (final Row row : List.of(setbacks.failures(), setbacks.expiries(), setbacks.dead())) {
            row.named().forEach(n -> ids.putIfAbsent(n.itemId(), n.title()));
        }
        setbacks.takenOver().forEach(n -> ids.putIfAbsent(n.itemId(), n.title()));
        next.forEach(n -> ids.putIfAbsent(n.id(), n.title()));
        return ids;
    }

    private static void add(Set<String> titles, String title) {
        if (title != null) {
            titles.add(title);
        }
    }

    /**
     * The tags that carried the most work. A tag on one item of many says nothing about the day,
     * so on a day of more than two items a theme must be on two at least. The writer's own
     * {@code devlog-date:} labels are bookkeeping, not a theme.
     */
    private static List<Count> themes(Tally tally, long finished) {
        final long floor = finished > 2 ? 2 : 1;
        return tally.tags().entrySet().stream()
                .filter(e -> !e.getKey().startsWith(DevlogItems.DATE_LABEL) && e.getValue() >= floor)
                .map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::n).reversed())
                .limit(PostBounds.THEMES)
                .toList();
    }

    private static List<Highlight> highlights(DayMaterial day, Tally tally, List<Map.Entry<String, TypeTally>> built) {
        final List<Highlight> named = new ArrayList<>();
        final Set<String> ids = new LinkedHashSet<>();
        final List<Completion> builds = Work.builds(day);
        if (builds.size() == 1
                && built.stream().mapToLong(e -> e.getValue().completed()).sum() == 1) {
            add(named, ids, Tally.Mention.of(builds.get(0)), Why.SOLE, null);
            return named;
        }
        built.stream()
                .map(e -> e.getValue().mostUrgent())
                .filter(m -> m != null && m.priority() != null)
                .max(Comparator.comparingInt(Mention::priority).thenComparing(Mention::at, Comparator.reverseOrder()))
                .ifPresent(m -> add(named, ids, m, Why.MOST_URGENT, null));
        built.stream()
                .map(Map.Entry::getValue)
                .filter(t -> t.longest() != null && t.longestMillis() >= 60_000)
                .max(Comparator.comparingLong(TypeTally::longestMillis)
                        .thenComparing(t -> t.longest().at(), Comparator.reverseOrder()))
                .ifPresent(t -> add(named, ids, t.longest(), Why.LONGEST, duration(t.longestMillis())));
        if (tally.hardestWon() != null
                && !Work.LEARN.equals(Tally.typeKey(tally.hardestWon().type()))) {
            add(named, ids, tally.hardestWon(), Why.HARDEST_WON, String.valueOf(tally.hardestWonSetbacks() + 1));
        }
        if (built.size() > 1) {
            built.stream()
                    .filter(e -> e.getValue().completed() == 1)
                    .map(e -> e.getValue().first())
                    .min(Comparator.comparing(Mention::at))
                    .ifPresent(m -> add(named, ids, m, Why.ONLY_OF_KIND, null));
        }
        // A day of few items names them all, most urgent first.
        if (builds.size() > PostBounds.HIGHLIGHTS) {
            return named;
        }
        builds.stream()
                .sorted(Comparator.comparingInt(
                                (Completion c) -> c.priority() == null ? Integer.MIN_VALUE : c.priority())
                        .reversed())
                .forEach(c -> {
                    if (named.size() < PostBounds.HIGHLIGHTS) {
                        add(named, ids, Tally.Mention.of(c), Why.ALSO, null);
                    }
                });
        return named.stream().limit(PostBounds.HIGHLIGHTS).toList();
    }

    private static void add(List<Highlight> named, Set<String> ids, Mention m, Why why, String detail) {
        if (ids.add(m.itemId())) {
            named.add(new Highlight(
                    why,
                    m.itemId(),
                    m.title() == null ? null : title(m.title()),
                    Tally.typeKey(m.type()),
                    m.priority(),
                    detail,
                    why == Why.MOST_URGENT || why == Why.SOLE ? words(m.summary(), PostBounds.SUMMARY_WORDS) : null));
        }
    }

    /** The learning items the material kept, grouped by what they said: the same lesson once. */
    private static Map<String, List<Completion>> lessonGroups(DayMaterial day) {
        final Map<String, List<Completion>> groups = new LinkedHashMap<>();
        for (final Completion c : Work.learnings(day)) {
            final String said = c.summary() != null && !c.summary().isBlank() ? c.summary() : c.title();
            groups.computeIfAbsent(said == null ? "" : key(said), k -> new ArrayList<>())
                    .add(c);
        }
        return groups;
    }

    private static List<Lesson> lessons(DayMaterial day) {
        return lessonGroups(day).values().stream()
                .sorted(Comparator.comparingInt((List<Completion> g) -> g.size())
                        .reversed())
                .limit(PostBounds.LESSONS)
                .map(DayFacts::lesson)
                .toList();
    }

    private static int otherLessons(DayMaterial day) {
        return Math.max(0, lessonGroups(day).size() - PostBounds.LESSONS);
    }

    private static Lesson lesson(List<Completion> group) {
        final Map<String, String> titles = new LinkedHashMap<>();
        for (final Completion c : group) {
            if (c.title() != null && titles.size() < PostBounds.SETBACK_NAMES) {
                titles.putIfAbsent(title(c.title()), c.itemId());
            }
        }
        final Completion first = group.get(0);
        final String notes = group.stream()
                .map(Completion::notes)
                .filter(n -> n != null && !n.isBlank())
                .findFirst()
                .orElse(null);
        return new Lesson(
                List.copyOf(titles.keySet()),
                List.copyOf(titles.values()),
                group.size(),
                words(first.summary(), PostBounds.SUMMARY_WORDS),
                words(notes, PostBounds.NOTES_WORDS));
    }

    private static Setbacks setbacks(DayMaterial day, Tally tally) {
        return new Setbacks(
                row(
                        tally.count("failed"),
                        day.failures().stream()
                                .map(f -> new Named(f.itemId(), f.title()))
                                .toList()),
                row(
                        tally.count("expired"),
                        day.expiries().stream()
                                .map(x -> new Named(x.itemId(), x.title()))
                                .toList()),
                row(
                        tally.count("dead"),
                        day.deadLetters().stream()
                                .map(d -> new Named(d.itemId(), d.title()))
                                .toList()),
                tally.recovered(),
                tally.takeovers(),
                // An item taken over twice is named once.
                tally.takenOver().stream()
                        .map(m -> new Named(m.itemId(), m.title() == null ? null : title(m.title())))
                        .collect(java.util.stream.Collectors.toMap(
                                Named::itemId, n -> n, (first, again) -> first, LinkedHashMap::new))
                        .values()
                        .stream()
                        .toList());
    }

    /** The first distinct items of a section, latest first: the ones still on a reader's mind. */
    private static Row row(long count, List<Named> kept) {
        if (count == 0 && kept.isEmpty()) {
            return Row.NONE;
        }
        // Latest first, one name per title: three items of one title are named once.
        final Map<String, Named> items = new LinkedHashMap<>();
        for (int i = kept.size() - 1; i >= 0; i--) {
            final Named n = kept.get(i);
            items.putIfAbsent(n.itemId(), new Named(n.itemId(), n.title() == null ? null : title(n.title())));
        }
        final Map<String, Named> byTitle = new LinkedHashMap<>();
        for (final Named n : items.values()) {
            if (byTitle.size() < PostBounds.SETBACK_NAMES || byTitle.containsKey(String.valueOf(n.title()))) {
                byTitle.putIfAbsent(String.valueOf(n.title()), n);
            }
        }
        final long covered = items.values().stream()
                .filter(n -> byTitle.containsKey(String.valueOf(n.title())))
                .count();
        return new Row(Math.max(count, kept.size()), List.copyOf(byTitle.values()), items.size() - covered);
    }

    /** A title as prose shows it: one line, clipped. */
    static String title(String title) {
        final String line = Escape.oneLine(title);
        if (line.length() <= PostBounds.TITLE_CHARS) {
            return line;
        }
        int cut = PostBounds.TITLE_CHARS - 1;
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        return line.substring(0, cut).stripTrailing() + "…";
    }

    /** The first sentence of agent text, at most {@code max} words; {@code null} for none. */
    static String words(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String line = Escape.oneLine(text);
        final java.util.regex.Matcher end =
                java.util.regex.Pattern.compile("[.!?…](\\s|$)").matcher(line);
        if (end.find()) {
            line = line.substring(0, end.start() + 1);
        }
        final String[] words = line.split(" ");
        if (words.length <= max) {
            return line;
        }
        return String.join(" ", java.util.Arrays.copyOf(words, max)).replaceAll("[,;:.]+$", "") + "…";
    }

    /** A run as a reader says it: "45 min", "2 h 18 min". */
    static String duration(long millis) {
        final Duration d = Duration.ofMillis(millis);
        final long hours = d.toHours();
        final long minutes = d.toMinutesPart();
        if (hours == 0) {
            return Math.max(1, minutes) + " min";
        }
        return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }

    /** What makes two lessons the same: their words, ignoring case, punctuation and spacing. */
    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
