package dev.baton.writer.render.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aLocalServerNeedsABaseUrlAndAModelButNoKey() {
        final ModelSettings ollama =
                new ModelSettings("openai", "http://localhost:11434/v1", null, "llama3.1", TIMEOUT, 1000, 0.4);

        assertThat(ollama.label()).isEqualTo("openai llama3.1");
        assertThat(ollama.apiKey()).isNull();
    }

    @Test
    void openAisOwnEndpointAndAnthropicNeedAKey() {
        assertThatThrownBy(() -> new ModelSettings("openai", null, null, "gpt-4o-mini", TIMEOUT, 1000, 0.4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baton.writer.devlog.llm.api-key")
                .hasMessageContaining("base-url");
        assertThatThrownBy(() ->
                        new ModelSettings("anthropic", "http://localhost:1/v1/", " ", "claude", TIMEOUT, 1000, 0.4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baton.writer.devlog.llm.api-key");
    }

    @Test
    void aModelNameIsRequiredAndAnUnknownProviderIsRefused() {
        assertThatThrownBy(() -> new ModelSettings("openai", "http://localhost:11434/v1", null, "", TIMEOUT, 1000, 0.4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("baton.writer.devlog.llm.model");
        assertThatThrownBy(() -> new ModelSettings("gemini", null, "k", "m", TIMEOUT, 1000, 0.4))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openai, anthropic");
    }

    @Test
    void theKeyIsNeverPrinted() {
        final ModelSettings settings =
                new ModelSettings("openai", null, "sk-secret-123", "gpt-4o-mini", TIMEOUT, 1000, 0.4);

        assertThat(settings.toString())
                .doesNotContain("sk-secret-123")
                .contains("key=set")
                .contains("model=gpt-4o-mini");
    }

    @Test
    void aFailureIsToldByItsKindNeverByItsMessage() {
        final RuntimeException http = new dev.langchain4j.exception.InternalServerException(
                new dev.langchain4j.exception.HttpException(502, "upstream said: key sk-secret-123 is wrong"));

        assertThat(ModelDevlogGenerator.failure(http)).isEqualTo("error: HTTP 502");
        assertThat(ModelDevlogGenerator.failure(new dev.langchain4j.exception.TimeoutException("slow")))
                .isEqualTo("timeout");
        assertThat(ModelDevlogGenerator.failure(new IllegalStateException("sk-secret-123")))
                .isEqualTo("error: IllegalStateException");
    }
}
