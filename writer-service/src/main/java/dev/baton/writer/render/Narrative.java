package dev.baton.writer.render;

import java.util.List;
import java.util.Objects;

/**
 * What a post says, as plain prose: no Markdown, no escaping. The renderer escapes each piece
 * for the format it writes, so a generator never has to know about YAML, Markdown or MDX.
 *
 * @param theme       the opening: what the day was about
 * @param description one sentence for the front matter and for listings
 * @param builds      one paragraph per piece of work built
 * @param learnings   paragraphs on items of type {@code learn}
 * @param warnings    one text per failure, expiry or dead item
 * @param closing     what is next
 */
public record Narrative(String theme, String description, List<String> builds, List<String> learnings,
        List<String> warnings, String closing) {

    public Narrative {
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(closing, "closing");
        builds = builds == null ? List.of() : List.copyOf(builds);
        learnings = learnings == null ? List.of() : List.copyOf(learnings);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
