package dev.baton.writer.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.writer.material.DayMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class DevlogRendererTest {

    private final DevlogRenderer renderer = new DevlogRenderer(Days.AUTHOR);

    @Test
    void aDayWithNoMaterialGetsNoPost() {
        assertThat(renderer.render(DayMaterial.empty(Days.DATE), List.of())).isEmpty();
    }

    @Test
    void aDayOfClaimsWithNoOutcomeGetsNoPost() {
        // given: work started but nothing finished, failed, expired or went dead
        final DayMaterial day = Days.day(Days.claimed(
                "1",
                "09:00:00",
                "agent-1",
                1,
                new dev.baton.contracts.item.ItemSummary("build", "Half done", 1, List.of())));

        // then
        assertThat(renderer.render(day, List.of())).isEmpty();
    }

    @Test
    void frontMatterParsesAsYamlWithTheExpectedValues() {
        for (final DayMaterial day : List.of(Days.normal(), Days.learningOnly(), Days.hostile())) {
            final Post post = renderer.render(day, List.of()).orElseThrow();
            for (final String text : List.of(post.md(), post.mdx())) {
                // given: the block between the first two --- lines
                assertThat(text).startsWith("---\n");
                final int end = text.indexOf("\n---\n", 4);
                assertThat(end).isPositive();

                // when
                final Map<String, Object> yaml = new Yaml().load(text.substring(4, end + 1));

                // then
                assertThat(yaml)
                        .containsEntry("slug", "2026-02-05-devlog")
                        .containsEntry("title", "Devlog: 2026-02-05")
                        .containsEntry("date", "2026-02-05")
                        .containsEntry("tags", post.tags())
                        .containsEntry("description", post.description());
                assertThat(yaml.get("authors"))
                        .isEqualTo(List.of(Map.of(
                                "name",
                                "Baton",
                                "title",
                                "Backlog agent",
                                "url",
                                "https://example.org/baton",
                                "image_url",
                                "https://example.org/baton.png")));
            }
        }
    }

    @Test
    void hostileAuthorAndTagValuesStayValidYaml() {
        // given
        final Author author =
                new Author("Agent \"7\": {x} # not a comment", "- [list]\nnext: line", "'single'", "back\\slash\ttab");
        final DayMaterial day = Days.day(Days.completed(
                "1",
                "09:00:00",
                "a",
                1,
                new dev.baton.contracts.item.ItemSummary("build", "t", 1, List.of("Say: \"hi\"", "[x]")),
                dev.baton.contracts.item.Result.of("done")));

        // when
        final Post post = new DevlogRenderer(author).render(day, List.of()).orElseThrow();
        final Map<String, Object> yaml =
                new Yaml().load(post.mdx().substring(4, post.mdx().indexOf("\n---\n", 4) + 1));

        // then
        assertThat(yaml.get("authors"))
                .isEqualTo(List.of(Map.of(
                        "name",
                        author.name(),
                        "title",
                        author.title(),
                        "url",
                        author.url(),
                        "image_url",
                        author.imageUrl())));
        assertThat(yaml.get("tags")).isEqualTo(List.of("devlog", "say: \"hi\"", "[x]"));
    }

    @Test
    void proseThatLooksLikeABlockStaysAParagraph() {
        assertThat(Escape.markdown("1. first\n# two")).isEqualTo("1\\. first # two");
        assertThat(Escape.mdx("- item {x}")).isEqualTo("\\- item \\{x\\}");
        assertThat(Escape.mdx(":::danger")).isEqualTo("\\::\\:danger");
    }

    @Test
    void aTextDirectiveAnywhereInMdxProseStaysText() {
        // Docusaurus reads :name[label]{attrs} anywhere in a line as a directive
        assertThat(Escape.mdx("see :abbr[x]{title=y} here")).isEqualTo("see \\:abbr\\[x\\]\\{title=y\\} here");
        assertThat(Escape.mdx("at 10:30, done: yes")).isEqualTo("at 10:30, done: yes");
    }

    @Test
    void controlAndFormatCharactersAreShownNotPassedOn() {
        // given: NUL, ESC and a byte-order mark in agent text
        final String hostile = "a\u0000b\u001b[31mred\ufeffz";

        // then: none of them reaches either format raw
        assertThat(Escape.mdx(hostile)).isEqualTo("a\\\\u0000b\\\\u001b\\[31mred\\\\ufeffz");
        assertThat(Escape.markdown(hostile)).doesNotContain("\u0000", "\u001b", "\ufeff");
        assertThat(Escape.line("x\u001by\nz")).isEqualTo("x\\u001by\\nz");
    }

    @Test
    void tagsAreDevlogThenTheDaysTagsLowercaseOnceEachInFirstSeenOrder() {
        final Post post = renderer.render(Days.normal(), List.of()).orElseThrow();

        assertThat(post.tags()).containsExactly("devlog", "locking", "concurrency", "backlog", "runner", "php");
    }

    @Test
    void theMdxOpensWithFrontMatterAndHasATruncateMarkerAfterTheOpening() {
        final String mdx =
                renderer.render(Days.normal(), List.of()).orElseThrow().mdx();

        assertThat(mdx).startsWith("---\n");
        final int body = mdx.indexOf("\n---\n", 4) + 5;
        final String opening = mdx.substring(body).strip().split("\n\n")[0];
        assertThat(opening).startsWith("Today's work ran mostly through locking");
        assertThat(mdx.substring(body)).contains("\n\n{/* truncate */}\n\n").doesNotContain("import ");
        assertThat(mdx).contains(":::warning\n", "<details>\n<summary>Raw lifecycle log</summary>\n", "```mermaid\n");
    }

    @Test
    void theMdxHasNoUnescapedBraceOrAngleBracketOutsideCodeAndTheAllowedTags() {
        for (final DayMaterial day : List.of(Days.normal(), Days.learningOnly(), Days.hostile())) {
            final String mdx = renderer.render(day, List.of(new NextUp("9", "{x} <y/>", 1)))
                    .orElseThrow()
                    .mdx();

            assertThat(unescapedOutsideCode(mdx)).isEmpty();
        }
    }

    @Test
    void aRawLineWithABacktickFenceCannotCloseTheBlockAroundIt() {
        final Post post = renderer.render(Days.hostile(), List.of()).orElseThrow();

        // the agent's name holds ```, so the raw log fence is longer
        assertThat(post.mdx()).contains("\n````text\n").contains("agent-``` {x} <y>");
        assertThat(post.md()).contains("\n````text\n");
    }

    @Test
    void theMarkdownEscapesHtmlAndCodeSpansInProse() {
        final String md =
                renderer.render(Days.hostile(), List.of()).orElseThrow().md();

        assertThat(md)
                .contains("\\<div className=\"x\"\\>raw\\</div\\> in \\`inline code\\`")
                .doesNotContain("\n# not a heading")
                .doesNotContain("\n:::danger");
    }

    @Test
    void postNamesItsItemsBuildsFirstThenLearningThenSetbacks() {
        final Post post = renderer.render(Days.normal(), List.of()).orElseThrow();

        assertThat(post.itemIds()).containsExactly("41", "42", "44", "43", "45");
        assertThat(post.slug()).isEqualTo("2026-02-05-devlog");
        assertThat(post.title()).isEqualTo("Devlog: 2026-02-05");
    }

    @Test
    void anotherGeneratorReplacesTheNarrativeAndNothingElse() {
        final DevlogGenerator fixed = facts ->
                new Narrative("A {fixed} opening.", "Fixed.", List.of("Built."), List.of(), "", "Done.", "fixed");
        final Post post = new DevlogRenderer(fixed, Days.AUTHOR)
                .render(Days.normal(), List.of())
                .orElseThrow();

        assertThat(post.mdx())
                .contains("A \\{fixed\\} opening.")
                .contains("Built.")
                .contains("generator: \"fixed\"");
        assertThat(post.description()).isEqualTo("Fixed.");
        // the setbacks table is drawn from the facts, not from the narrative: it stays
        assertThat(post.mdx()).contains(":::warning\n\n| setback | count | items |");
    }

    /**
     * Every {@code {} or {@code <} that MDX would parse: outside fenced code, not preceded by a
     * backslash, and not the start of {@code <details>}, {@code <summary>}, their closing tags or
     * the truncate comment.
     */
    static List<String> unescapedOutsideCode(String mdx) {
        final List<String> found = new ArrayList<>();
        String fence = null;
        final Pattern open = Pattern.compile("^(`{3,})");
        final Pattern special = Pattern.compile("(?<!\\\\)[{<]");
        for (final String line : mdx.split("\n", -1)) {
            final Matcher m = open.matcher(line);
            if (fence == null && m.find()) {
                fence = m.group(1);
                continue;
            }
            if (fence != null) {
                if (line.equals(fence)) {
                    fence = null;
                }
                continue;
            }
            final String rest = line.replace("{/* truncate */}", "")
                    .replace("<details>", "")
                    .replace("</details>", "")
                    .replace("<summary>", "")
                    .replace("</summary>", "");
            if (special.matcher(rest).find()) {
                found.add(line);
            }
        }
        return found;
    }
}
