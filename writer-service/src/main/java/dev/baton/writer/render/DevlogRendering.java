package dev.baton.writer.render;

import dev.baton.writer.config.WriterConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wires the renderer inside the service. The narrator is chosen by name:
 * {@code baton.writer.devlog.generator} names a {@code @Named} {@link DevlogGenerator} bean
 * ({@value TemplateDevlogGenerator#NAME} by default; {@code openai} and {@code anthropic} in
 * {@code render.model}), so another narrator is one new bean and one property, with nothing else
 * changed. The author comes from {@code baton.writer.devlog.author.*}.
 */
@ApplicationScoped
public class DevlogRendering {

    @Produces
    @Singleton
    @Unremovable
    DevlogRenderer renderer(@Any Instance<DevlogGenerator> generators, WriterConfig config) {
        final WriterConfig.Devlog devlog = config.devlog();
        // Handles, not instances: only the chosen generator is made, so an unchosen language model
        // needs no configuration and opens no client.
        final Map<String, Instance.Handle<DevlogGenerator>> byName = new TreeMap<>();
        for (final Instance.Handle<DevlogGenerator> handle : generators.handles()) {
            if (handle.getBean().getName() != null) {
                byName.put(handle.getBean().getName(), handle);
            }
        }
        return new DevlogRenderer(
                choose(devlog.generator(), byName).get(),
                new Author(
                        devlog.author().name(),
                        devlog.author().title(),
                        devlog.author().url().orElse(null),
                        devlog.author().imageUrl().orElse(null)));
    }

    /** The generator of that name; a name that matches none is a configuration error, reported at once. */
    static <G> G choose(String name, Map<String, G> byName) {
        final G chosen = byName.get(name);
        if (chosen == null) {
            throw new IllegalStateException(
                    "baton.writer.devlog.generator=" + name + " names no generator; known: " + byName.keySet());
        }
        return chosen;
    }
}
