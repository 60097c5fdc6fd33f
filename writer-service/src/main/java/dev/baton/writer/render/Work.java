package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DayMaterial.Completion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How a day's material divides into the parts of a post; one place, shared by generators and the renderer. */
final class Work {

    static final String LEARN = "learn";

    private Work() {
    }

    /** Whether a post can be written: something was finished, failed, expired or went dead. */
    static boolean hasMaterial(DayMaterial day) {
        return !day.completions().isEmpty() || !day.failures().isEmpty() || !day.expiries().isEmpty()
                || !day.deadLetters().isEmpty();
    }

    static boolean isLearning(Completion c) {
        return c.type() != null && LEARN.equals(c.type().strip().toLowerCase(Locale.ROOT));
    }

    /** Completions of work built, in time order. */
    static List<Completion> builds(DayMaterial day) {
        return day.completions().stream().filter(c -> !isLearning(c)).toList();
    }

    /** Completions of type {@code learn}, in time order. */
    static List<Completion> learnings(DayMaterial day) {
        return day.completions().stream().filter(Work::isLearning).toList();
    }

    /** The day's tags: agents' tags, then item labels; lowercase, without duplicates, first seen first. */
    static List<String> tags(DayMaterial day) {
        final Set<String> tags = new LinkedHashSet<>();
        for (final Completion c : day.completions()) {
            for (final String tag : concat(c.tags(), c.labels())) {
                final String t = tag.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    tags.add(t);
                }
            }
        }
        return List.copyOf(tags);
    }

    /** The most common tags, most common first; ties keep the order first seen. */
    static List<String> topTags(DayMaterial day, int max) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (final Completion c : day.completions()) {
            for (final String tag : new LinkedHashSet<>(concat(c.tags(), c.labels()))) {
                final String t = tag.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(max).map(Map.Entry::getKey).toList();
    }

    /** Higher priority first; the earlier of equals first. */
    static final Comparator<Completion> URGENCY = Comparator
            .comparingInt((Completion c) -> c.priority() == null ? Integer.MIN_VALUE : c.priority()).reversed();

    /** The items the post names, in the order it names them: builds, learnings, then setbacks. */
    static List<String> itemIds(DayMaterial day) {
        final Set<String> ids = new LinkedHashSet<>();
        builds(day).forEach(c -> ids.add(c.itemId()));
        learnings(day).forEach(c -> ids.add(c.itemId()));
        day.failures().forEach(f -> ids.add(f.itemId()));
        day.expiries().forEach(e -> ids.add(e.itemId()));
        day.deadLetters().forEach(d -> ids.add(d.itemId()));
        return List.copyOf(ids);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        final List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
