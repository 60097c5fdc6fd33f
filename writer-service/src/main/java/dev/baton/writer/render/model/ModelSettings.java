package dev.baton.writer.render.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the narrating model is and how it is asked, checked once at startup so a missing name or
 * key fails the service there, not the first post.
 *
 * @param provider    {@value #OPENAI} (any chat API in OpenAI's shape) or {@value #ANTHROPIC}
 * @param baseUrl     the API's base URL; {@code null} for the provider's own
 * @param apiKey      {@code null} when the endpoint needs none (a local server); never printed
 * @param maxTokens   the most tokens the answer may use; {@code 0} sends no limit where the API allows it
 */
public record ModelSettings(
        String provider,
        String baseUrl,
        String apiKey,
        String model,
        Duration timeout,
        int maxTokens,
        double temperature) {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";

    public ModelSettings {
        if (!OPENAI.equals(provider) && !ANTHROPIC.equals(provider)) {
            throw new IllegalStateException("baton.writer.devlog.generator=" + provider + " is no language model;"
                    + " known: " + OPENAI + ", " + ANTHROPIC);
        }
        baseUrl = blankToNull(baseUrl);
        apiKey = blankToNull(apiKey);
        model = blankToNull(model);
        if (model == null) {
            throw new IllegalStateException("baton.writer.devlog.generator=" + provider
                    + " needs baton.writer.devlog.llm.model (the model's name)");
        }
        if (apiKey == null && (ANTHROPIC.equals(provider) || baseUrl == null)) {
            throw new IllegalStateException("baton.writer.devlog.generator=" + provider + " needs "
                    + "baton.writer.devlog.llm.api-key"
                    + (ANTHROPIC.equals(provider)
                            ? ""
                            : " for OpenAI's own endpoint, or baton.writer.devlog.llm.base-url for a local server"));
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("baton.writer.devlog.llm.timeout must be positive: " + timeout);
        }
        if (maxTokens < 0) {
            throw new IllegalStateException("baton.writer.devlog.llm.max-tokens must be 0 or more: " + maxTokens);
        }
    }

    /** The name the front matter credits: {@code openai gpt-4o-mini}. */
    public String label() {
        return provider + " " + model;
    }

    /** Everything but the key, which is only said to be there or not. */
    @Override
    public String toString() {
        return "provider=" + provider + " model=" + model + " endpoint=" + (baseUrl == null ? "default" : baseUrl)
                + " key=" + (apiKey == null ? "none" : "set") + " timeout=" + timeout + " max-tokens=" + maxTokens
                + " temperature=" + temperature;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
