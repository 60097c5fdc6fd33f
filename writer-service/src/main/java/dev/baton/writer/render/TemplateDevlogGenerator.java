package dev.baton.writer.render;

import dev.baton.writer.render.DayFacts.Count;
import dev.baton.writer.render.DayFacts.Highlight;
import dev.baton.writer.render.DayFacts.Lesson;
import dev.baton.writer.render.DayFacts.Setbacks;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The default narrator: a day's facts told in sentences, deterministic and offline, so the same
 * day always reads the same and golden-file tests can pin it down.
 *
 * <p>It synthesises rather than lists: a theme from the tags (or, without tags, the kind of work)
 * that carried the most items; counts by kind; the few items worth naming and why; each lesson
 * once; the setbacks in one paragraph; the next items. The facts are bounded, so the prose is a
 * few hundred words whatever the day.
 *
 * <p>Every sentence has several phrasings and the day picks one ({@link Phrasing}): one day
 * further on is one phrasing further on, so two consecutive days never share a sentence, even
 * when their facts are the same.
 */
@Singleton
@Named(TemplateDevlogGenerator.NAME)
public class TemplateDevlogGenerator implements DevlogGenerator {

    /** Its name for {@code baton.writer.devlog.generator}. */
    public static final String NAME = "template";

    @Override
    public Narrative narrate(DayFacts facts) {
        final Phrasing say = new Phrasing(facts.date());
        final String built = built(facts, say);
        final String learned = learned(facts, say);
        return new Narrative(
                opening(facts, say),
                description(facts),
                built.isEmpty() ? List.of() : List.of(built),
                learned.isEmpty() ? List.of() : List.of(learned),
                setbacks(facts, say),
                closing(facts, say),
                NAME);
    }

    private static String opening(DayFacts f, Phrasing say) {
        final String first;
        if (f.finished() == 0) {
            first = say.pick(
                    "opening.none",
                    "I finished nothing today; the day went to what did not work.",
                    "Nothing reached the finish today.",
                    "No item got finished today.",
                    "Today ended with nothing finished.");
        } else if (f.finished() == 1 && !f.themes().isEmpty()) {
            first = fill(
                    say.pick(
                            "opening.one",
                            "The one item I finished today was about {T}.",
                            "Today came down to a single item, on {T}.",
                            "I finished one item today, and it was about {T}.",
                            "A single piece of work made up the day: {T}."),
                    "T",
                    and(f.themes().stream().map(Count::name).toList()));
        } else if (!f.themes().isEmpty()) {
            final Count lead = f.themes().get(0);
            final String theme = f.themes().size() == 1
                    ? say.pick(
                            "opening.theme",
                            "Today's work ran mostly through {T}, which was on {share}.",
                            "The day belonged to {T}: it came up on {share}.",
                            "I spent the day mostly on {T}, the tag on {share}.",
                            "Most of what I did today was about {T}; it was on {share}.")
                    : say.pick(
                            "opening.themes",
                            "Today's work ran mostly through {T}: {lead} was on {share}.",
                            "The day belonged to {T}, with {lead} on {share}.",
                            "I spent the day mostly on {T}; {lead} came up on {share}.",
                            "Most of what I did today was about {T}, and {lead} alone was on {share}.");
            first = fill(
                    theme,
                    "T",
                    and(f.themes().stream().map(Count::name).toList()),
                    "lead",
                    lead.name(),
                    "share",
                    share(lead.n(), f.finished(), "item I finished", "items I finished"));
        } else if (!f.kinds().isEmpty()) {
            final Count lead = f.kinds().get(0);
            first = capital(fill(
                    say.pick(
                            "opening.kind",
                            "Today was mostly {K} work: {share} {was} of that kind.",
                            "{K} work filled most of the day; {share} {was} {K}.",
                            "I spent today mostly on {K} work: {share} {was} of that kind.",
                            "The day went mostly to {K} work, which {was} {share}."),
                    "K",
                    lead.name(),
                    "share",
                    share(lead.n(), f.finished(), "item I finished", "items I finished"),
                    "was",
                    lead.n() == 1 ? "was" : "were"));
        } else {
            first = fill(
                    say.pick(
                            "opening.learning",
                            "Today was a day for learning: {share} came from the learning feeds.",
                            "I spent the day learning; {share} came from the learning feeds.",
                            "Learning was the whole day: {share} came from the learning feeds.",
                            "The learning feeds had the day to themselves: {share} came from them."),
                    "share",
                    share(f.learned(), f.finished(), "item I finished", "items I finished"));
        }
        final String second;
        if (f.setbacks().any()) {
            second = fill(
                    say.pick(
                            "opening.setbacks",
                            "Not everything went through: {S}.",
                            "Along the way I hit {S}.",
                            "There were setbacks too: {S}.",
                            "It was not all smooth: {S}."),
                    "S",
                    setbackCounts(f.setbacks()));
        } else {
            second = say.pick(
                    "opening.clean",
                    "Nothing failed and no lease ran out.",
                    "Every claim held to the end, with no failure and no expired lease.",
                    "No failures and no expired leases today.",
                    "It all went through without a failure or a lost lease.");
        }
        return first + " " + second;
    }

    private static String description(DayFacts f) {
        final List<String> parts = new ArrayList<>();
        if (f.built() > 0) {
            parts.add(count(f.built(), "item", "items") + " built");
        }
        if (f.learned() > 0) {
            parts.add(count(f.learned(), "item", "items") + " learned");
        }
        parts.addAll(setbackParts(f.setbacks()));
        return "What the backlog's agents did on " + f.date() + ": " + and(parts) + ".";
    }

    private static String built(DayFacts f, Phrasing say) {
        if (f.built() == 0) {
            return "";
        }
        final List<String> kinds = new ArrayList<>();
        f.kinds().forEach(k -> kinds.add(count(k.n(), k.name() + " item", k.name() + " items")));
        if (f.otherKinds().items() > 0) {
            kinds.add(count(f.otherKinds().items(), "item", "items") + " of "
                    + count(Math.max(1, f.otherKinds().kinds()), "other kind", "other kinds"));
        }
        final List<String> s = new ArrayList<>();
        if (!f.highlights().isEmpty() && f.highlights().get(0).why() == DayFacts.Why.SOLE) {
            final Highlight h = f.highlights().get(0);
            final String lead = fill(
                    say.pick(
                            "built.sole",
                            "The one thing I built was {t}, a {k} item",
                            "I finished a single {k} item, {t}",
                            "All I built was {t}, one {k} item",
                            "One {k} item got done: {t}"),
                    "t",
                    quoted(h.title()),
                    "k",
                    h.type());
            return capital(h.summary() == null ? lead + "." : lead + ": " + sentence(h.summary()));
        }
        s.add(fill(
                say.pick(
                        "built.kinds",
                        "In all I finished {kp}.",
                        "The work I finished came to {kp}.",
                        "What I finished broke down into {kp}.",
                        "Counted by kind, I finished {kp}."),
                "kp",
                and(kinds)));
        final List<String> also = new ArrayList<>();
        for (final Highlight h : f.highlights()) {
            if (h.why() == DayFacts.Why.ALSO) {
                also.add(quoted(h.title()));
            } else {
                s.add(highlight(h, say));
            }
        }
        if (!also.isEmpty()) {
            s.add(fill(
                    say.pick(
                            "built.also",
                            "I also finished {list}.",
                            "{list} got done as well.",
                            "Besides, I finished {list}.",
                            "{list} made it through too."),
                    "list",
                    and(also)));
        }
        return capital(String.join(" ", s));
    }

    private static String highlight(Highlight h, Phrasing say) {
        final String t = quoted(h.title());
        return switch (h.why()) {
            case MOST_URGENT -> {
                final String lead = fill(
                        say.pick(
                                "highlight.urgent",
                                "The most urgent was {t}, at priority {p}",
                                "{t} came first, at priority {p}",
                                "Top of the list was {t} (priority {p})",
                                "The day's highest priority, {p}, went to {t}"),
                        "t",
                        t,
                        "p",
                        String.valueOf(h.priority()));
                yield h.summary() == null ? lead + "." : lead + ": " + sentence(h.summary());
            }
            case LONGEST ->
                fill(
                        say.pick(
                                "highlight.longest",
                                "{t} took longest, {d} from claim to finish.",
                                "The longest run was {t}: {d} between claim and completion.",
                                "{t} kept an agent busy longest, {d}.",
                                "Slowest to finish was {t}, at {d}."),
                        "t",
                        t,
                        "d",
                        h.detail());
            case HARDEST_WON ->
                fill(
                        say.pick(
                                "highlight.hardest",
                                "{t} took {a} attempts, but it got done.",
                                "{t} only went through on attempt {a}.",
                                "It took {a} attempts to get {t} done.",
                                "{t} needed {a} tries before it finished."),
                        "t",
                        t,
                        "a",
                        h.detail());
            case ALSO, SOLE -> quoted(h.title());
            case ONLY_OF_KIND ->
                fill(
                        say.pick(
                                "highlight.only",
                                "{t} was the day's only {k} item.",
                                "The one {k} item of the day was {t}.",
                                "{t} stood alone as the only {k} work.",
                                "A single {k} item came through: {t}."),
                        "t",
                        t,
                        "k",
                        h.type());
        };
    }

    private static String learned(DayFacts f, Phrasing say) {
        if (f.lessons().isEmpty()) {
            return "";
        }
        final List<String> s = new ArrayList<>();
        final int distinct = f.lessons().size() + f.otherLessons();
        final String said = distinct == 1 ? "one thing" : number(distinct) + " different things";
        if (f.lessonsFrom() < f.learned()) {
            s.add(capital(fill(
                    say.pick(
                            "learned.latest",
                            "{L} came in from the learning feeds; the latest {K} said {G}.",
                            "The learning feeds sent {L}, and the latest {K} of them said {G}.",
                            "Of the {L} from the learning feeds, the latest {K} said {G}.",
                            "The learning feeds brought {L}; the latest {K} came down to {G}."),
                    "L",
                    count(f.learned(), "item", "items"),
                    "K",
                    number(f.lessonsFrom()),
                    "G",
                    said)));
        } else if (distinct > 1 && f.learned() > distinct) {
            s.add(capital(fill(
                    say.pick(
                            "learned.count",
                            "The learning feeds sent {L}, which came down to {G}.",
                            "{L} came in from the learning feeds, saying {G}.",
                            "Of the {L} from the learning feeds, I counted {G}.",
                            "The learning feeds brought {L}; between them they said {G}."),
                    "L",
                    count(f.learned(), "item", "items"),
                    "G",
                    said)));
        }
        for (int i = 0; i < f.lessons().size(); i++) {
            final Lesson l = f.lessons().get(i);
            final String t = quoted(l.titles().isEmpty() ? null : l.titles().get(0));
            final String lesson = l.summary() == null ? "no summary came with it." : sentence(l.summary());
            // The lesson's place shifts the phrasing, so two lessons of one post never read alike.
            final String lead = l.items() == 1
                    ? say.pick(
                            "lesson.one",
                            i,
                            "From {t}: {s}",
                            "{t} taught me this: {s}",
                            "Reading up on {t}, I noted: {s}",
                            "Out of {t} came this: {s}")
                    : say.pick(
                            "lesson.many",
                            i,
                            "{c} items, {t} among them, came back with the same lesson: {s}",
                            "The same lesson came back {c} times, first from {t}: {s}",
                            "{t} and {c1} more said the same thing: {s}",
                            "{c} items agreed, starting with {t}: {s}");
            s.add(fill(lead, "t", t, "s", lesson, "c", number(l.items()), "c1", number(l.items() - 1L)));
            if (l.notes() != null) {
                s.add(fill(
                        say.pick(
                                "lesson.notes",
                                i,
                                "Worth keeping: {n}",
                                "A note on it: {n}",
                                "Also noted: {n}",
                                "The fine print: {n}"),
                        "n",
                        sentence(l.notes())));
            }
        }
        if (f.otherLessons() > 0) {
            s.add(fill(
                    say.pick(
                            "learned.others",
                            "I have left {n} in their items.",
                            "The items themselves hold {n}.",
                            "I leave {n} to the items themselves.",
                            "Their items keep {n}."),
                    "n",
                    count(f.otherLessons(), "other lesson", "other lessons")));
        }
        return capital(String.join(" ", s));
    }

    private static String setbacks(DayFacts f, Phrasing say) {
        final Setbacks b = f.setbacks();
        if (!b.any()) {
            return "";
        }
        final List<String> s = new ArrayList<>();
        final long total =
                b.failures().count() + b.expiries().count() + b.dead().count();
        s.add(fill(
                say.pick(
                        "setbacks.what",
                        "Things went wrong {N}: {S}.",
                        "The setbacks came to {S}.",
                        "Here is what did not go to plan: {S}.",
                        "I ran into {S}."),
                "N",
                total == 1 ? "once" : number(total) + " times",
                "S",
                setbackCounts(b)));
        if (b.recovered() > 0) {
            s.add(capital(fill(
                    say.pick(
                            "setbacks.recovered",
                            "{R} still finished later in the day.",
                            "Even so, {R} got done before the day was out.",
                            "{R} recovered and finished the same day.",
                            "By the evening, {R} had finished anyway."),
                    "R",
                    count(b.recovered(), "item that hit one", "items that hit one"))));
        } else if (b.failures().count() + b.expiries().count() > 0) {
            s.add(say.pick(
                    "setbacks.unrecovered",
                    "None of those items finished later in the day.",
                    "Nothing that hit a setback finished the same day.",
                    "No item recovered before the day was out.",
                    "None of them got done the same day."));
        }
        if (b.dead().count() > 0) {
            final boolean one = b.dead().count() == 1;
            s.add(capital(fill(
                    say.pick(
                            "setbacks.dead",
                            "{D} went dead and {need} a look by hand.",
                            "{D} ran out of attempts and went dead.",
                            "{D} ended dead; an operator has to redrive {them}.",
                            "{D} went to the dead letters."),
                    "D",
                    count(b.dead().count(), "item", "items"),
                    "need",
                    one ? "needs" : "need",
                    "them",
                    one ? "it" : "them")));
        }
        return String.join(" ", s);
    }

    private static String closing(DayFacts f, Phrasing say) {
        final List<String> s = new ArrayList<>();
        final String about = !f.themes().isEmpty()
                ? and(f.themes().stream().map(Count::name).toList())
                : !f.kinds().isEmpty() ? f.kinds().get(0).name() + " work" : null;
        if (about != null) {
            s.add(fill(
                    say.pick(
                            "closing.overall",
                            "Overall, it was a day of {T}.",
                            "All told, {T} held the day together.",
                            "Looking back, {T} was the thread through the day.",
                            "In short, the day was about {T}."),
                    "T",
                    about));
        }
        if (f.next().isEmpty()) {
            s.add(say.pick(
                    "closing.empty",
                    "Nothing is ready in the backlog, so tomorrow starts with whatever arrives overnight.",
                    "The backlog has nothing ready; tomorrow begins with what comes in.",
                    "No work is waiting, so tomorrow I take what is submitted next.",
                    "The ready queue is empty; whatever arrives next is where tomorrow starts."));
        } else {
            s.add(fill(
                    say.pick(
                            "closing.next",
                            "Tomorrow I start with {list}.",
                            "Next I pick up {list}.",
                            "First on tomorrow's list: {list}.",
                            "Up next: {list}."),
                    "list",
                    and(f.next().stream()
                            .map(n -> quoted(n.title()) + " (priority " + n.priority() + ")")
                            .toList())));
        }
        return String.join(" ", s);
    }

    private static String setbackCounts(Setbacks b) {
        return and(setbackParts(b));
    }

    private static List<String> setbackParts(Setbacks b) {
        final List<String> parts = new ArrayList<>();
        if (b.failures().count() > 0) {
            parts.add(count(b.failures().count(), "failure", "failures"));
        }
        if (b.expiries().count() > 0) {
            parts.add(count(b.expiries().count(), "expired lease", "expired leases"));
        }
        if (b.dead().count() > 0) {
            parts.add(count(b.dead().count(), "dead item", "dead items"));
        }
        return parts;
    }

    /**
     * The phrasing of each sentence, picked by the day: option {@code (day + slot) mod n}. The
     * next day is the next option of every slot, so neighbouring posts never share a phrasing.
     */
    static final class Phrasing {

        private final long day;

        Phrasing(LocalDate date) {
            this.day = date.toEpochDay();
        }

        String pick(String slot, String... options) {
            return pick(slot, 0, options);
        }

        /** The option {@code offset} further on: for the second and third sentence of one slot in a post. */
        String pick(String slot, int offset, String... options) {
            return options[(int) Math.floorMod(day + slot.hashCode() + offset, (long) options.length)];
        }
    }

    /** Fills {@code {name}} placeholders in one pass, so a value holding braces is never read as one. */
    static String fill(String template, String... pairs) {
        final StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            final char c = template.charAt(i);
            final int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close > i) {
                final String name = template.substring(i + 1, close);
                String value = null;
                for (int p = 0; p + 1 < pairs.length; p += 2) {
                    if (pairs[p].equals(name)) {
                        value = pairs[p + 1];
                    }
                }
                if (value != null) {
                    out.append(value);
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** "the one item I finished", "all 3 items I finished", "2 of the 5 items I finished". */
    private static String share(long k, long n, String one, String many) {
        if (n == 1) {
            return "the one " + one;
        }
        if (n == 2 && k == 2) {
            return "both " + many;
        }
        return k == n ? "all " + number(n) + " " + many : number(k) + " of the " + number(n) + " " + many;
    }

    static String quoted(String title) {
        return title == null ? "an untitled item" : "\u201c" + title + "\u201d";
    }

    /** Agent text as a sentence: trimmed, ending in a full stop unless it already ends a sentence. */
    private static String sentence(String text) {
        final String t = text.strip();
        return t.isEmpty() || ".!?…".indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + ".";
    }

    private static String capital(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String number(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    static String count(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }

    static String and(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
