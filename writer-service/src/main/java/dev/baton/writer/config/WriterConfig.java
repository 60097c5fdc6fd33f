package dev.baton.writer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

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
        /**
         * {@code template}: deterministic, no network (the default). {@code openai}: a chat API in
         * OpenAI's shape (OpenAI, Ollama, vLLM, llama.cpp...); {@code anthropic}: Anthropic's
         * Messages API. Either is asked for the prose only, and the template writes the post when
         * it does not answer well in time.
         */
        @WithDefault("template")
        String generator();

        /** The language model, read only when {@code generator} names one. */
        Llm llm();

        interface Llm {

            /** The API's base URL, e.g. {@code http://localhost:11434/v1} for Ollama; the provider's own when absent. */
            java.util.Optional<String> baseUrl();

            /** Sent to the API and nowhere else; never logged. Needed by Anthropic and OpenAI's own endpoint. */
            java.util.Optional<String> apiKey();

            /** The model's name, e.g. {@code gpt-4o-mini}, {@code llama3.1}, {@code claude-3-5-haiku-latest}. */
            java.util.Optional<String> model();

            /** How long one answer may take; past it the template writes the post. */
            @WithDefault("30s")
            Duration timeout();

            /** The most tokens the answer may use; {@code 0} sends no limit (OpenAI-shaped APIs only). */
            @WithDefault("1000")
            int maxTokens();

            @WithDefault("0.4")
            double temperature();
        }

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

    Publish publish();

    /** How a day's post is written and published (read by the devlog cycle). */
    interface Publish {

        /** The folder the files go to, laid out like a Docusaurus {@code blog/} folder. */
        Path blogDir();

        /**
         * When the writer publishes on its own: {@code HH:mm} (daily at that time in the zone),
         * an ISO-8601 duration such as {@code PT2M} (every so often), or {@code off}.
         */
        @WithDefault("23:50")
        String schedule();

        /** The lease the writer takes on its devlog item; it heartbeats at a third of it. */
        @WithDefault("60s")
        Duration lease();

        /** How long a publish call waits for another replica that is writing the same day. */
        @WithDefault("90s")
        Duration patience();

        /**
         * Where the backlog service answers: the writer submits its devlog items there, and asks
         * it for the most urgent ready items the closing line names. Several instances,
         * comma-separated: the writer's client moves to the next when one does not answer.
         */
        List<URI> backlogUrl();

        /**
         * Where the claim-service answers: the writer claims, heartbeats and completes its devlog
         * items there. Several instances, comma-separated, as for {@link #backlogUrl}.
         */
        List<URI> claimUrl();

        /** How many ready items the closing line names. */
        @WithDefault("3")
        int nextUp();

        /**
         * The writer's own bearer token for those calls, with the roles agent, submitter and operator
         * (docs/security.md): its subject is the agent the writer claims as. A local stack's
         * launcher mints one; on Kubernetes it comes from the writer's Secret.
         */
        Optional<String> token();
    }
}
