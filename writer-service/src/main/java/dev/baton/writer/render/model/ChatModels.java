package dev.baton.writer.render.model;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/** The LangChain4j client for the configured API: one attempt per post, no retries, nothing logged. */
final class ChatModels {

    /** What Anthropic must be told when no limit is configured: its API requires one. */
    private static final int ANTHROPIC_DEFAULT_MAX_TOKENS = 1000;

    private ChatModels() {}

    static ChatModel of(ModelSettings s) {
        // One attempt: a retry after a timeout would hold the writer's devlog item twice as long,
        // and the template is a good answer too. Requests and responses are not logged: the
        // client's log lines would carry the key's header and the whole day's facts.
        if (ModelSettings.ANTHROPIC.equals(s.provider())) {
            return AnthropicChatModel.builder()
                    .baseUrl(s.baseUrl())
                    .apiKey(s.apiKey())
                    .modelName(s.model())
                    .timeout(s.timeout())
                    .maxRetries(0)
                    .maxTokens(s.maxTokens() == 0 ? ANTHROPIC_DEFAULT_MAX_TOKENS : s.maxTokens())
                    .temperature(s.temperature())
                    .logRequests(false)
                    .logResponses(false)
                    .build();
        }
        return OpenAiChatModel.builder()
                .baseUrl(s.baseUrl())
                .apiKey(s.apiKey())
                .modelName(s.model())
                .timeout(s.timeout())
                .maxRetries(0)
                .maxTokens(s.maxTokens() == 0 ? null : s.maxTokens())
                .temperature(s.temperature())
                .logRequests(false)
                .logResponses(false)
                .build();
    }
}
