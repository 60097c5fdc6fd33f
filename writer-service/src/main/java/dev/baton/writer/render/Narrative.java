package dev.baton.writer.render;

import java.util.List;
import java.util.Objects;

/**
 * What a post says, as plain prose: no Markdown, no escaping. The renderer escapes each piece
 * for the format it writes, so a generator never has to know about YAML, Markdown or MDX. The
 * rest of a post (front matter, the setbacks table, the diagram, the details block) is the
 * writer's, drawn from the day's facts.
 *
 * @param theme       the opening: what the day was about
 * @param description one sentence for the front matter and for listings
 * @param builds      paragraphs on what was built
 * @param learnings   paragraphs on what the learning feeds said
 * @param setbacks    the paragraph above the setbacks table; empty on a day without setbacks
 * @param closing     what is next
 * @param generator   who wrote it, as the front matter says: {@code template}, a model's name, or
 *                    {@code template (fallback: <reason>)}
 */
public record Narrative(
        String theme,
        String description,
        List<String> builds,
        List<String> learnings,
        String setbacks,
        String closing,
        String generator) {

    public Narrative {
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(closing, "closing");
        Objects.requireNonNull(generator, "generator");
        builds = builds == null ? List.of() : List.copyOf(builds);
        learnings = learnings == null ? List.of() : List.copyOf(learnings);
        setbacks = setbacks == null ? "" : setbacks;
    }

    /** The same prose, credited to another generator. */
    public Narrative by(String who) {
        return new Narrative(theme, description, builds, learnings, setbacks, closing, who);
    }
}
