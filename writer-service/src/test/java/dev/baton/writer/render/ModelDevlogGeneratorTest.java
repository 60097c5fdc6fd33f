package dev.baton.writer.render;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.baton.contracts.json.Json;
import dev.baton.writer.render.model.ModelDevlogGenerator;
import dev.baton.writer.render.model.ModelSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The language-model narrator through the real LangChain4j clients, against a local stand-in of
 * the OpenAI and Anthropic chat APIs (WireMock): what is sent, what is published, and when the
 * template takes over.
 */
class ModelDevlogGeneratorTest {

    private static final List<NextUp> NEXT = List.of(new NextUp("70", "Tighten failure recovery paths", 9));
    private static final String LOCKING = "Multi-agent backlog processing with item-level locking";

    private static WireMockServer api;

    private final DevlogRenderer template = new DevlogRenderer(Days.AUTHOR);

    @BeforeAll
    static void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop();
    }

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @Test
    void aGoodAnswerBecomesTheProseAndThePostSaysWhichModelWroteIt() throws Exception {
        // given
        api.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(openAiReply(goodAnswer()))));

        // when
        final Post post =
                openAi(Duration.ofSeconds(10)).render(Days.normal(), NEXT).orElseThrow();

        // then: the model's paragraphs, the writer's front matter, table, diagram and log
        assertThat(post.mdx())
                .contains("generator: \"openai test-model\"")
                .contains("Locking was the thread of the day")
                .contains("| failed attempts | 1 | “Autonomous article writer job” |")
                .contains("```mermaid")
                .contains("<summary>Raw lifecycle log</summary>");
        assertThat(post.description())
                .isEqualTo(template.render(Days.normal(), NEXT).orElseThrow().description());
        DevlogGoldenTest.compare("model-answer.mdx", post.mdx());
        // and: it sent the day's facts with the key, and no ids, agents or raw lines
        api.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer test-key")));
        final String facts = sentMessages().get(1).path("content").asText();
        assertThat(facts)
                .contains(LOCKING, "PHP 8.4 features", "Tighten failure recovery paths")
                .doesNotContain("backlog.claim", "agent-7", "itemId", "\"41\"");
        assertThat(sentMessages().get(0).path("content").asText()).contains("first person");
    }

    @Test
    void aSlowAnswerTimesOutAndTheTemplateWritesThePost() {
        // given: an API that answers after three seconds, asked with half a second
        api.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(okJson(openAiReply(goodAnswer())).withFixedDelay(3_000)));
        final long started = System.nanoTime();

        // when
        final Post post =
                openAi(Duration.ofMillis(500)).render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertThat(post.mdx()).contains("generator: \"template (fallback: timeout)\"");
        assertThat(post.mdx())
                .isEqualTo(templateMdx()
                        .replace("generator: \"template\"", "generator: \"template (fallback: timeout)\""));
    }

    @Test
    void anErrorFallsBackToTheTemplateWithoutRepeatingWhatTheApiSaid() {
        // given: a 503 whose body echoes part of a key, as some APIs' errors do
        api.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Incorrect API key provided: sk-...wxyz\"}}")));

        // when
        final Post post =
                openAi(Duration.ofSeconds(10)).render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx())
                .contains("generator: \"template (fallback: error: HTTP 503)\"")
                .doesNotContain("wxyz")
                .doesNotContain("Incorrect API key");
        assertThat(post.md()).doesNotContain("wxyz");
    }

    @Test
    void anAnswerThatNamesAnItemNotInTheDayFallsBackToTheTemplate() {
        // given
        final ObjectNode answer = goodAnswer();
        answer.put("built", "I finished \"" + LOCKING + "\" and \"Rewrite the kernel in Rust\", which took all day.");
        api.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(openAiReply(answer))));

        // when
        final Post post =
                openAi(Duration.ofSeconds(10)).render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx())
                .contains("generator: \"template (fallback: check: names an item not in the day's facts)\"")
                .doesNotContain("Rewrite the kernel");
    }

    @Test
    void anAnswerThatLeavesOutAPartTheDayHasFallsBackToTheTemplate() {
        // given: a day with setbacks, and an answer that says nothing about them
        final ObjectNode answer = goodAnswer();
        answer.put("setbacks", "");
        api.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(openAiReply(answer))));

        // when
        final Post post =
                openAi(Duration.ofSeconds(10)).render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx()).contains("generator: \"template (fallback: check: missing setbacks)\"");
    }

    @Test
    void anAnswerTooLongFallsBackToTheTemplate() {
        // given
        final ObjectNode answer = goodAnswer();
        answer.put("built", "I built it. ".repeat(100));
        api.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(openAiReply(answer))));

        // when
        final Post post =
                openAi(Duration.ofSeconds(10)).render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx()).contains("generator: \"template (fallback: check: built longer than 160 words)\"");
    }

    @Test
    void hostileMdxInAnAnswerIsPublishedAsText() throws Exception {
        // given: an answer that tries JSX, expressions, imports, directives and blocks
        final ObjectNode answer = goodAnswer();
        answer.put(
                "opening",
                "import Evil from '@site/evil'\nexport const leak = process.env;\n"
                        + "<script>alert(1)</script> {props.secret} :abbr[x]{title=y}\n:::danger\n# not a heading");
        answer.put(
                "built",
                "export default function Page() { return <Tabs/>; } and then I finished \"" + LOCKING
                        + "\" `in code` ``` fence");
        api.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(openAiReply(answer))));

        // when
        final Post post =
                openAi(Duration.ofSeconds(10)).render(Days.normal(), NEXT).orElseThrow();

        // then: the model's words are published, as text
        assertThat(post.mdx())
                .contains("generator: \"openai test-model\"")
                .contains("&#105;mport Evil from '@site/evil' export const leak")
                .contains("\\<script\\>alert(1)\\</script\\> \\{props.secret\\} \\:abbr\\[x\\]\\{title=y\\}")
                .contains("&#101;xport default function Page() \\{ return \\<Tabs/\\>; \\}");
        assertThat(DevlogRendererTest.unescapedOutsideCode(post.mdx())).isEmpty();
        DevlogGoldenTest.compare("model-hostile.mdx", post.mdx());
        assertThat(post.mdx().lines())
                .noneMatch(l -> l.startsWith("import")
                        || l.startsWith("export")
                        || l.startsWith(":::danger")
                        || l.startsWith("# not"));
        assertThat(post.md().lines()).noneMatch(l -> l.startsWith(":::danger") || l.startsWith("# not"));
    }

    @Test
    void anthropicsApiIsAskedTheSameWayWithItsOwnKeyHeader() throws Exception {
        // given
        api.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(anthropicReply(goodAnswer()))));

        // when
        final Post post = anthropic().render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx())
                .contains("generator: \"anthropic claude-test\"")
                .contains("Locking was the thread of the day");
        api.verify(postRequestedFor(urlEqualTo("/v1/messages")).withHeader("x-api-key", equalTo("test-key")));
        final JsonNode sent = Json.mapper()
                .readTree(api.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(sent.path("system").toString()).contains("first person");
        assertThat(sent.path("messages").get(0).toString()).contains(LOCKING).doesNotContain("agent-7");
    }

    @Test
    void anthropicsErrorFallsBackToTheTemplate() {
        // given
        api.stubFor(
                post(urlEqualTo("/v1/messages"))
                        .willReturn(
                                aResponse()
                                        .withStatus(529)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));

        // when
        final Post post = anthropic().render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx()).contains("generator: \"template (fallback: error: HTTP 529)\"");
    }

    @Test
    void anAnswerThatIsNotJsonFallsBackToTheTemplate() {
        // given
        api.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(anthropicText("Sure! Here is your devlog."))));

        // when
        final Post post = anthropic().render(Days.normal(), NEXT).orElseThrow();

        // then
        assertThat(post.mdx()).contains("generator: \"template (fallback: check: unreadable answer: no JSON object)\"");
    }

    private DevlogRenderer openAi(Duration timeout) {
        return new DevlogRenderer(
                ModelDevlogGenerator.of(new ModelSettings(
                        ModelSettings.OPENAI, api.baseUrl() + "/v1", "test-key", "test-model", timeout, 800, 0.2)),
                Days.AUTHOR);
    }

    private DevlogRenderer anthropic() {
        return new DevlogRenderer(
                ModelDevlogGenerator.of(new ModelSettings(
                        ModelSettings.ANTHROPIC,
                        api.baseUrl() + "/v1/",
                        "test-key",
                        "claude-test",
                        Duration.ofSeconds(10),
                        800,
                        0.2)),
                Days.AUTHOR);
    }

    private String templateMdx() {
        return template.render(Days.normal(), NEXT).orElseThrow().mdx();
    }

    /** The messages of the one request the stand-in received. */
    private static JsonNode sentMessages() throws Exception {
        return Json.mapper()
                .readTree(api.getAllServeEvents().get(0).getRequest().getBodyAsString())
                .path("messages");
    }

    /** An answer in the shape the prompt asks for, naming only the day's items. */
    private static ObjectNode goodAnswer() {
        final ObjectNode answer = Json.mapper().createObjectNode();
        answer.put(
                "opening",
                "Locking was the thread of the day. I finished three items, and the work on "
                        + "ownership finally came together.");
        answer.put(
                "built",
                "The biggest piece was \"" + LOCKING + "\": each item now has one owner at a time. "
                        + "I also refactored \"Refactor the task runner to claim items\" so claiming is explicit.");
        answer.put("learned", "From \"PHP 8.4 features\" I noted that property hooks would tidy the value objects.");
        answer.put(
                "setbacks",
                "\"Autonomous article writer job\" failed once and then lost a lease; it did not " + "finish today.");
        answer.put("closing", "A steady day. Next I pick up \"Tighten failure recovery paths\".");
        return answer;
    }

    private static String openAiReply(ObjectNode answer) {
        final ObjectNode reply = Json.mapper().createObjectNode();
        reply.put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 1)
                .put("model", "test-model");
        final ObjectNode choice = reply.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer.toString());
        reply.putObject("usage")
                .put("prompt_tokens", 1)
                .put("completion_tokens", 1)
                .put("total_tokens", 2);
        return reply.toString();
    }

    private static String anthropicReply(ObjectNode answer) {
        return anthropicText(answer.toString());
    }

    private static String anthropicText(String text) {
        final ObjectNode reply = Json.mapper().createObjectNode();
        reply.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", "claude-test");
        reply.putArray("content").addObject().put("type", "text").put("text", text);
        reply.put("stop_reason", "end_turn");
        reply.putObject("usage").put("input_tokens", 1).put("output_tokens", 1);
        return reply.toString();
    }
}
