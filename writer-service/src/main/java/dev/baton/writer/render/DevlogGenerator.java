package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import java.util.List;

/**
 * Writes the prose of a day's post. The renderer owns layout and escaping; an implementation
 * only decides what to say, so another one (a language model, say) can replace
 * {@link TemplateDevlogGenerator} without touching the rest.
 */
public interface DevlogGenerator {

    /**
     * @param day  a day with material (at least one completion, failure, expiry or dead item)
     * @param next the most urgent items still ready, most urgent first; may be empty
     */
    Narrative narrate(DayMaterial day, List<NextUp> next);
}
