package dev.baton.writer.render;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the renderer inside the service. The narrator is chosen by name:
 * {@code baton.writer.devlog.generator} names a {@code @Named} {@link DevlogGenerator} bean
 * ({@value TemplateDevlogGenerator#NAME} by default), so another narrator is one new bean and one
 * property, with nothing else changed. The author comes from {@code baton.writer.devlog.author.*}.
 */
@ApplicationScoped
public class DevlogRendering {

    @Produces
    @Singleton
    @Unremovable
    DevlogRenderer renderer(@Any Instance<DevlogGenerator> generators,
            @ConfigProperty(name = "baton.writer.devlog.generator", defaultValue = TemplateDevlogGenerator.NAME)
            String generator,
            @ConfigProperty(name = "baton.writer.devlog.author.name", defaultValue = "Baton") String name,
            @ConfigProperty(name = "baton.writer.devlog.author.title", defaultValue = "Backlog agent") String title,
            @ConfigProperty(name = "baton.writer.devlog.author.url") Optional<String> url,
            @ConfigProperty(name = "baton.writer.devlog.author.image-url") Optional<String> imageUrl) {
        final Map<String, DevlogGenerator> byName = new TreeMap<>();
        for (final Instance.Handle<DevlogGenerator> handle : generators.handles()) {
            if (handle.getBean().getName() != null) {
                byName.put(handle.getBean().getName(), handle.get());
            }
        }
        return new DevlogRenderer(choose(generator, byName),
                new Author(name, title, url.orElse(null), imageUrl.orElse(null)));
    }

    /** The generator of that name; a name that matches none is a configuration error, reported at once. */
    static DevlogGenerator choose(String name, Map<String, DevlogGenerator> byName) {
        final DevlogGenerator chosen = byName.get(name);
        if (chosen == null) {
            throw new IllegalStateException("baton.writer.devlog.generator=" + name + " names no generator; known: "
                    + byName.keySet());
        }
        return chosen;
    }
}
