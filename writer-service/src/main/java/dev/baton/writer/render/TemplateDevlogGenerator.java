package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.DayMaterial.Completion;
import dev.baton.writer.material.DayMaterial.DeadLetter;
import dev.baton.writer.material.DayMaterial.Expiry;
import dev.baton.writer.material.DayMaterial.Failure;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * The default narrator: fixed sentences filled in from the material. Deterministic and offline,
 * so the same day always reads the same and golden-file tests can pin it down.
 */
@Singleton
@Named(TemplateDevlogGenerator.NAME)
public class TemplateDevlogGenerator implements DevlogGenerator {

    /** Its name for {@code baton.writer.devlog.generator}. */
    public static final String NAME = "template";

    @Override
    public Narrative narrate(DayMaterial day, List<NextUp> next) {
        final List<Completion> builds = Work.builds(day);
        final List<Completion> learnings = Work.learnings(day);
        final List<String> warnings = new ArrayList<>();
        day.failures().forEach(f -> warnings.add(failure(f)));
        day.expiries().forEach(e -> warnings.add(expiry(e)));
        day.deadLetters().forEach(d -> warnings.add(dead(d)));
        return new Narrative(theme(day, builds, learnings, warnings.size()), description(day, builds, learnings),
                builds.stream().map(TemplateDevlogGenerator::build).toList(),
                learnings.stream().map(TemplateDevlogGenerator::learning).toList(), warnings, closing(next));
    }

    private static String theme(DayMaterial day, List<Completion> builds, List<Completion> learnings, int setbacks) {
        final List<String> top = Work.topTags(day, 2);
        final String about = top.isEmpty() ? "" : " around " + and(top);
        final StringBuilder s = new StringBuilder();
        if (!builds.isEmpty()) {
            final Completion lead = builds.stream().sorted(Work.URGENCY).findFirst().orElseThrow();
            s.append("Today's work centred").append(about.isEmpty() ? " on what was built" : about).append(": ")
                    .append(count(builds.size(), "item", "items")).append(" built, led by ").append(quoted(lead))
                    .append(lead.priority() == null ? "" : " at priority " + lead.priority()).append('.');
            if (!learnings.isEmpty()) {
                s.append(" Alongside, ").append(count(learnings.size(), "item came", "items came"))
                        .append(" in from the learning feeds.");
            }
        } else if (!learnings.isEmpty()) {
            s.append("Today was a day of learning").append(top.isEmpty() ? "" : ", around " + and(top)).append(": ")
                    .append(count(learnings.size(), "item", "items")).append(" from the learning feeds, and nothing built.");
        } else {
            s.append("Nothing was finished today.");
        }
        if (setbacks > 0) {
            s.append(' ').append(count(setbacks, "setback", "setbacks")).append(" to look at: ")
                    .append(setbackCounts(day)).append('.');
        }
        return s.toString();
    }

    private static String description(DayMaterial day, List<Completion> builds, List<Completion> learnings) {
        final List<String> parts = new ArrayList<>();
        if (!builds.isEmpty()) {
            parts.add(count(builds.size(), "item", "items") + " built");
        }
        if (!learnings.isEmpty()) {
            parts.add(count(learnings.size(), "item", "items") + " learned");
        }
        parts.addAll(setbacks(day));
        return "What the backlog's agents did on " + day.date() + ": " + and(parts) + ".";
    }

    private static String setbackCounts(DayMaterial day) {
        return and(setbacks(day));
    }

    private static List<String> setbacks(DayMaterial day) {
        final List<String> parts = new ArrayList<>();
        if (!day.failures().isEmpty()) {
            parts.add(count(day.failures().size(), "failure", "failures"));
        }
        if (!day.expiries().isEmpty()) {
            parts.add(count(day.expiries().size(), "expired lease", "expired leases"));
        }
        if (!day.deadLetters().isEmpty()) {
            parts.add(count(day.deadLetters().size(), "dead item", "dead items"));
        }
        return parts;
    }

    private static String build(Completion c) {
        final StringBuilder s = new StringBuilder("I finished ").append(quoted(c)).append(" (item ").append(c.itemId());
        if (c.priority() != null) {
            s.append(", priority ").append(c.priority());
        }
        s.append(", by ").append(c.agent() == null ? "an agent" : c.agent()).append(").");
        return withReport(s, c);
    }

    private static String learning(Completion c) {
        return withReport(new StringBuilder("From ").append(quoted(c)).append(" (item ").append(c.itemId())
                .append("):"), c);
    }

    private static String withReport(StringBuilder s, Completion c) {
        if (c.summary() != null && !c.summary().isBlank()) {
            s.append(' ').append(sentence(c.summary()));
        }
        if (c.notes() != null && !c.notes().isBlank()) {
            s.append(' ').append(sentence(c.notes()));
        }
        if (s.charAt(s.length() - 1) == ':') {
            s.append(" no summary was reported.");
        }
        return s.toString();
    }

    private static String failure(Failure f) {
        return "Item " + f.itemId() + titled(f.title()) + " failed on attempt " + f.attempts() + " for "
                + f.agent() + ": " + sentence(f.error() == null ? "no reason given" : f.error())
                + (f.retryAt() != null ? " It will be retried at " + f.retryAt() + "."
                        : f.retryable() ? " It will be retried." : " It will not be retried.");
    }

    private static String expiry(Expiry e) {
        return "The lease of " + e.agent() + " on item " + e.itemId() + titled(e.title())
                + " ran out without a heartbeat; attempt " + e.attempts() + " counted and the item went back to the backlog.";
    }

    private static String dead(DeadLetter d) {
        return "Item " + d.itemId() + titled(d.title()) + " went dead after " + count(d.attempts(), "attempt", "attempts")
                + ": " + sentence(d.reason() == null ? "no reason given" : d.reason());
    }

    private static String closing(List<NextUp> next) {
        if (next.isEmpty()) {
            return "Next: nothing is ready in the backlog, so tomorrow starts with whatever is submitted overnight.";
        }
        return "Next up: " + and(next.stream()
                .map(n -> "\u201c" + (n.title() == null ? n.id() : n.title()) + "\u201d (priority " + n.priority() + ")")
                .toList()) + ".";
    }

    private static String quoted(Completion c) {
        return "\u201c" + (c.title() == null ? "item " + c.itemId() : c.title()) + "\u201d";
    }

    private static String titled(String title) {
        return title == null ? "" : " (\u201c" + title + "\u201d)";
    }

    /** Agent text as a sentence: trimmed, ending in a full stop unless it already ends a sentence. */
    private static String sentence(String text) {
        final String t = text.strip();
        return t.isEmpty() || ".!?…".indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + ".";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String and(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
