package dev.baton.writer.render.model;

import dev.baton.writer.render.DayFacts;
import dev.baton.writer.render.DevlogGenerator;
import dev.baton.writer.render.Narrative;
import dev.baton.writer.render.TemplateDevlogGenerator;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Asks a language model for the prose of a day, and keeps the writer in charge of what is
 * published. The model is told the day's facts ({@link ModelPrompt}), never raw logs; its answer
 * is checked ({@link ModelAnswer}) and only its paragraphs are used: the description, the front
 * matter, the setbacks table, the diagram and the details block stay the writer's, and the
 * renderer escapes the paragraphs like any other text.
 *
 * <p>On a timeout, an error or a failed check the template writes the prose, and the front matter
 * says so: {@code generator: "template (fallback: timeout)"}. A post is never held up or lost
 * because a model did not answer well.
 */
public final class ModelDevlogGenerator implements DevlogGenerator {

    private static final Logger LOG = Logger.getLogger("writer.devlog");

    private final ChatModel model;
    private final String label;
    private final TemplateDevlogGenerator template = new TemplateDevlogGenerator();

    ModelDevlogGenerator(ChatModel model, String label) {
        this.model = Objects.requireNonNull(model, "model");
        this.label = Objects.requireNonNull(label, "label");
    }

    /** A generator that asks the model the settings name, through LangChain4j. */
    public static ModelDevlogGenerator of(ModelSettings settings) {
        return new ModelDevlogGenerator(ChatModels.of(settings), settings.label());
    }

    @Override
    public Narrative narrate(DayFacts facts) {
        final Narrative fallback = template.narrate(facts);
        final String answer;
        try {
            final ChatResponse response = model.chat(ModelPrompt.request(facts));
            answer = response == null || response.aiMessage() == null
                    ? null
                    : response.aiMessage().text();
        } catch (RuntimeException e) {
            return fallback(fallback, facts, failure(e));
        }
        final ModelAnswer.Reading reading = ModelAnswer.read(answer, facts);
        if (reading instanceof ModelAnswer.Refused refused) {
            return fallback(fallback, facts, "check: " + refused.reason());
        }
        final ModelAnswer.Accepted accepted = (ModelAnswer.Accepted) reading;
        LOG.infof("writer.devlog status=narrated generator=%s date=%s", label.replace(' ', '/'), facts.date());
        // A part the day does not have stays empty, whatever the model wrote for it.
        return new Narrative(
                accepted.get("opening"),
                fallback.description(),
                facts.built() > 0 ? paragraph(accepted.get("built")) : List.of(),
                facts.lessons().isEmpty() ? List.of() : paragraph(accepted.get("learned")),
                facts.setbacks().any() ? accepted.get("setbacks") : "",
                accepted.get("closing"),
                label);
    }

    private Narrative fallback(Narrative template, DayFacts facts, String reason) {
        LOG.warnf(
                "writer.devlog status=fallback generator=%s date=%s reason=\"%s\"",
                label.replace(' ', '/'), facts.date(), reason);
        return template.by(TemplateDevlogGenerator.NAME + " (fallback: " + reason + ")");
    }

    /**
     * Why the call failed, in a few words. Never the exception's message: an API's error body can
     * echo part of the key, and the front matter is public.
     */
    static String failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (t instanceof HttpException http) {
                return "error: HTTP " + http.statusCode();
            }
        }
        return "error: " + e.getClass().getSimpleName();
    }

    private static List<String> paragraph(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text);
    }
}
