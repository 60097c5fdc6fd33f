package dev.baton.writer.material;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.item.ItemSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a whole day adds up to, however many events it had: the sections of {@link DayMaterial}
 * keep only the latest entries, so a post about a day of ten thousand completions needs its
 * counts, and the few items worth naming, from here.
 *
 * <p>Counted by {@link DayMaterial.Fold}, which is given each of the day's events once, in time
 * order (the store holds one entry per event). Bounded whatever the day: at most
 * {@value #MAX_TYPES} types and {@value #MAX_TAGS} tags are counted one by one (the first seen);
 * the rest only in the totals.
 *
 * @param events     every event of the day
 * @param statuses   events by status word ({@link LifecycleLine#status}), for every status seen
 * @param types      completions by item type, with the items of each type worth naming
 * @param tags       completions by tag or label (lowercase; an item counts once per tag)
 * @param hardestWon the completed item that had the most failures or expired leases earlier that day
 * @param hardestWonSetbacks how many it had
 * @param recovered  completions of items that had a failure or an expired lease earlier that day
 * @param takeovers  claims of an item whose lease had expired earlier that day: the points where
 *                   the old holder, if it came back, was fenced off by the new epoch
 * @param takenOver  the first few of those items
 */
public record Tally(
        long events,
        Map<String, Long> statuses,
        Map<String, TypeTally> types,
        Map<String, Long> tags,
        Mention hardestWon,
        int hardestWonSetbacks,
        long recovered,
        long takeovers,
        List<Mention> takenOver) {

    static final int MAX_TYPES = 50;
    static final int MAX_TAGS = 100;
    static final int MAX_TAKEN_OVER = 3;
    static final int MENTION_SUMMARY = 300;

    public static final Tally NONE = new Tally(0, Map.of(), Map.of(), Map.of(), null, 0, 0, 0, List.of());

    private static final Pattern STATUS = Pattern.compile(" status=(\\w+)");

    public Tally {
        statuses = statuses == null ? Map.of() : unmodifiable(statuses);
        types = types == null ? Map.of() : unmodifiable(types);
        tags = tags == null ? Map.of() : unmodifiable(tags);
        takenOver = takenOver == null ? List.of() : List.copyOf(takenOver);
    }

    /** How many events of that status the day had. */
    public long count(String status) {
        return statuses.getOrDefault(status, 0L);
    }

    /** Whether anything was counted: a day read from a writer that did not count has nothing here. */
    public boolean counted() {
        return events > 0;
    }

    /**
     * The completions of one type.
     *
     * @param first      the first completed that day
     * @param mostUrgent the highest priority (the earlier of equals)
     * @param longest    the longest from claim to completion, when both happened that day
     */
    public record TypeTally(long completed, Mention first, Mention mostUrgent, Mention longest, long longestMillis) {}

    /** An item named by the tally: enough to write a sentence about it, small enough to keep dozens. */
    public record Mention(String itemId, String type, String title, Integer priority, String summary, Instant at) {

        public static Mention of(DayMaterial.Completion c) {
            return new Mention(
                    c.itemId(), c.type(), c.title(), c.priority(), Clip.text(c.summary(), MENTION_SUMMARY), c.at());
        }

        static Mention of(String itemId, ItemSummary item, Instant at) {
            return new Mention(
                    itemId,
                    item == null ? null : Clip.text(item.type(), Clip.WORD),
                    item == null ? null : Clip.text(item.title(), Clip.TITLE),
                    item == null ? null : item.priority(),
                    null,
                    at);
        }
    }

    /** The key a completion is counted under: its type, or {@code untyped}. */
    public static String typeKey(String type) {
        return type == null || type.isBlank() ? "untyped" : type.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * A tally rebuilt from what a day's sections kept, for material from a writer that did not
     * count: exact for a day within the sections' bounds, the kept part of a larger one.
     */
    static Tally ofKept(DayMaterial day) {
        final Counter counter = new Counter();
        final Map<String, Long> statuses = new LinkedHashMap<>();
        for (final DayMaterial.LogLine line : day.log()) {
            final Matcher m = STATUS.matcher(line.line());
            if (m.find()) {
                // Lines kept by an older build name a claim "locked".
                statuses.merge("locked".equals(m.group(1)) ? "claimed" : m.group(1), 1L, Long::sum);
            }
        }
        final List<DayMaterial.Entry> entries = new ArrayList<>();
        entries.addAll(day.completions());
        entries.addAll(day.failures());
        entries.addAll(day.expiries());
        entries.sort(Latest.ORDER);
        for (final DayMaterial.Entry entry : entries) {
            if (entry instanceof DayMaterial.Completion c) {
                counter.completed(c);
            } else if (entry instanceof DayMaterial.Failure f) {
                counter.setback(f.itemId());
            } else if (entry instanceof DayMaterial.Expiry x) {
                counter.setback(x.itemId());
            }
        }
        return counter.tally(day.log().size(), statuses);
    }

    /** Counts a day's events as the fold hands them over: each once, in time order. */
    static final class Counter {

        private long events;
        private final Map<String, Long> statuses = new LinkedHashMap<>();
        private final Map<String, TypeTally> types = new LinkedHashMap<>();
        private final Map<String, Long> tags = new LinkedHashMap<>();
        private Mention hardestWon;
        private int hardestWonSetbacks;
        private long recovered;
        private long takeovers;
        private final List<Mention> takenOver = new ArrayList<>();

        // What the day's fold has to remember between events; thrown away with the fold.
        private final Map<String, Instant> openClaims = new HashMap<>();
        private final Map<String, Integer> setbacks = new HashMap<>();
        private final Set<String> expired = new HashSet<>();

        void add(ItemEvent event, String eventId) {
            events++;
            statuses.merge(LifecycleLine.status(event), 1L, Long::sum);
            if (event instanceof ItemEvent.ItemClaimed c) {
                openClaims.put(c.itemId() + "/" + c.epoch(), c.at());
                if (expired.remove(c.itemId())) {
                    takeovers++;
                    if (takenOver.size() < MAX_TAKEN_OVER) {
                        takenOver.add(Mention.of(c.itemId(), c.item(), c.at()));
                    }
                }
            } else if (event instanceof ItemEvent.ItemCompleted c) {
                final Instant claimed = openClaims.remove(c.itemId() + "/" + c.epoch());
                completed(DayMaterial.Completion.of(c, eventId), claimed);
            } else if (event instanceof ItemEvent.ItemFailed f) {
                openClaims.remove(f.itemId() + "/" + f.epoch());
                setback(f.itemId());
            } else if (event instanceof ItemEvent.LeaseExpired x) {
                openClaims.remove(x.itemId() + "/" + x.epoch());
                setback(x.itemId());
                expired.add(x.itemId());
            } else if (event instanceof ItemEvent.ItemReleased r) {
                openClaims.remove(r.itemId() + "/" + r.epoch());
            }
        }

        void setback(String itemId) {
            setbacks.merge(itemId, 1, Integer::sum);
        }

        void completed(DayMaterial.Completion c) {
            completed(c, null);
        }

        private void completed(DayMaterial.Completion c, Instant claimed) {
            final Mention mention = Mention.of(c);
            final String type = typeKey(c.type());
            final TypeTally before = types.get(type);
            if (before != null || types.size() < MAX_TYPES) {
                final long run =
                        claimed == null ? -1 : Duration.between(claimed, c.at()).toMillis();
                types.put(
                        type,
                        before == null
                                ? new TypeTally(1, mention, mention, run < 0 ? null : mention, Math.max(run, 0))
                                : new TypeTally(
                                        before.completed() + 1,
                                        before.first(),
                                        moreUrgent(mention, before.mostUrgent()),
                                        run > before.longestMillis() || before.longest() == null && run >= 0
                                                ? mention
                                                : before.longest(),
                                        Math.max(run, before.longestMillis())));
            }
            final Set<String> seen = new LinkedHashSet<>();
            c.tags().forEach(t -> seen.add(t.strip().toLowerCase(Locale.ROOT)));
            c.labels().forEach(t -> seen.add(t.strip().toLowerCase(Locale.ROOT)));
            for (final String tag : seen) {
                if (!tag.isEmpty() && (tags.containsKey(tag) || tags.size() < MAX_TAGS)) {
                    tags.merge(tag, 1L, Long::sum);
                }
            }
            final Integer hadSetbacks = setbacks.remove(c.itemId());
            if (hadSetbacks != null) {
                recovered++;
                if (hadSetbacks > hardestWonSetbacks) {
                    hardestWon = mention;
                    hardestWonSetbacks = hadSetbacks;
                }
            }
        }

        private static Mention moreUrgent(Mention candidate, Mention current) {
            final int now = current.priority() == null ? Integer.MIN_VALUE : current.priority();
            return candidate.priority() != null && candidate.priority() > now ? candidate : current;
        }

        Tally tally() {
            return tally(events, statuses);
        }

        private Tally tally(long eventCount, Map<String, Long> statusCounts) {
            return new Tally(
                    eventCount,
                    statusCounts,
                    types,
                    tags,
                    hardestWon,
                    hardestWonSetbacks,
                    recovered,
                    takeovers,
                    takenOver);
        }
    }

    // Insertion order carries meaning (first seen first), so the maps are copied, not Map.copyOf'd.
    private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
