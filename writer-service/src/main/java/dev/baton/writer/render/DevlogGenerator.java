package dev.baton.writer.render;

/**
 * Writes the prose of a day's post. The renderer owns layout, escaping and everything drawn from
 * the facts (front matter, setbacks table, diagram, raw log); an implementation only decides what
 * to say, so another one (a language model, say) can replace {@link TemplateDevlogGenerator}
 * without touching the rest.
 */
public interface DevlogGenerator {

    /**
     * @param facts a day with material (at least one completion, failure, expiry or dead item),
     *              summed up; all a generator is told
     */
    Narrative narrate(DayFacts facts);
}
