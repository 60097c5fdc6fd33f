package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DayMaterial.Completion;
import dev.baton.writer.material.DevlogItems;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** How a day's material divides into the parts of a post; one place, shared by generators and the renderer. */
final class Work {

    static final String LEARN = "learn";

    private Work() {}

    /** Whether a post can be written: something was finished, failed, expired or went dead. */
    static boolean hasMaterial(DayMaterial day) {
        return !day.completions().isEmpty()
                || !day.failures().isEmpty()
                || !day.expiries().isEmpty()
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

    /**
     * The day's tags for the front matter: agents' tags and item labels, lowercase, once each, in
     * the order first seen; on a day with more than {@link PostBounds#TAGS}, the ones on most items.
     * The writer's own {@code devlog-date:} labels are bookkeeping and left out.
     */
    static List<String> tags(DayMaterial day) {
        final List<Map.Entry<String, Long>> all = day.counts().tags().entrySet().stream()
                .filter(e -> !e.getKey().startsWith(DevlogItems.DATE_LABEL))
                .toList();
        final Set<String> most = new LinkedHashSet<>(all.stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(PostBounds.TAGS)
                .map(Map.Entry::getKey)
                .toList());
        return all.stream().map(Map.Entry::getKey).filter(most::contains).toList();
    }

    /** The items the post is written from (those the day's sections kept): builds, learnings, then setbacks. */
    static List<String> itemIds(DayMaterial day) {
        final Set<String> ids = new LinkedHashSet<>();
        builds(day).forEach(c -> ids.add(c.itemId()));
        learnings(day).forEach(c -> ids.add(c.itemId()));
        day.failures().forEach(f -> ids.add(f.itemId()));
        day.expiries().forEach(e -> ids.add(e.itemId()));
        day.deadLetters().forEach(d -> ids.add(d.itemId()));
        return List.copyOf(ids);
    }
}
