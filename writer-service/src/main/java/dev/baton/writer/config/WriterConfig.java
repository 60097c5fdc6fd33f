package dev.baton.writer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;

/** The writer's knobs, under {@code baton.writer.*}; read once at startup and checked there. */
@ConfigMapping(prefix = "baton.writer")
public interface WriterConfig {

    /** The time zone in which a day of the devlog starts and ends. */
    @WithDefault("UTC")
    ZoneId zone();

    Material material();

    interface Material {

        /** Raw lifecycle lines kept per day (the latest). */
        @WithDefault("500")
        int maxLogLines();

        /** Completions, failures, expiries and dead items kept per day, each (the latest). */
        @WithDefault("200")
        int maxEntries();
    }

    Devlog devlog();

    /** The post: which narrative generator writes it, and its inline author (read by DevlogRendering). */
    interface Devlog {
        /** {@code template}: deterministic, no network. */
        @WithDefault("template")
        String generator();

        Author author();

        interface Author {
            @WithDefault("Baton")
            String name();

            @WithDefault("Backlog agent")
            String title();

            java.util.Optional<String> url();

            java.util.Optional<String> imageUrl();
        }
    }
}
