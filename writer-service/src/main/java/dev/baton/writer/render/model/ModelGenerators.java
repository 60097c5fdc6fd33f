package dev.baton.writer.render.model;

import dev.baton.writer.config.WriterConfig;
import dev.baton.writer.render.DevlogGenerator;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The language-model narrators, by the names {@code baton.writer.devlog.generator} takes. Only
 * the one named is ever made (see {@code DevlogRendering}), so with the default {@code template}
 * no client exists and nothing is sent anywhere.
 */
public class ModelGenerators {

    private static final Logger LOG = Logger.getLogger("writer.devlog");

    @Produces
    @Singleton
    @Named(ModelSettings.OPENAI)
    DevlogGenerator openai(WriterConfig config) {
        return of(ModelSettings.OPENAI, config.devlog().llm());
    }

    @Produces
    @Singleton
    @Named(ModelSettings.ANTHROPIC)
    DevlogGenerator anthropic(WriterConfig config) {
        return of(ModelSettings.ANTHROPIC, config.devlog().llm());
    }

    static ModelDevlogGenerator of(String provider, WriterConfig.Devlog.Llm llm) {
        final ModelSettings settings = new ModelSettings(
                provider,
                llm.baseUrl().orElse(null),
                llm.apiKey().orElse(null),
                llm.model().orElse(null),
                llm.timeout(),
                llm.maxTokens(),
                llm.temperature());
        LOG.infof("writer.devlog status=model-configured %s", settings);
        return ModelDevlogGenerator.of(settings);
    }
}
