package dev.baton.writer.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.writer.material.DayMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Both renderings of fixed days, byte for byte, against {@code src/test/resources/golden/}.
 * After a deliberate change, run with {@code -Dgolden.update=true} to rewrite the files, then
 * read the diff before keeping it.
 */
class DevlogGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private static final List<NextUp> NEXT = List.of(
            new NextUp("70", "Tighten failure recovery paths", 9),
            new NextUp("71", "Adversarial tests for queue contention", 7));

    private final DevlogRenderer renderer = new DevlogRenderer(Days.AUTHOR);

    @Test
    void aNormalDayWithBuildsALearningItemAFailureAndAnExpiry() throws IOException {
        check("normal-day", Days.normal(), NEXT);
    }

    @Test
    void aDayWithOnlyLearningItems() throws IOException {
        check("learning-only", Days.learningOnly(), List.of());
    }

    @Test
    void markdownHostileTextStaysText() throws IOException {
        check("hostile-text", Days.hostile(), List.of(new NextUp("80", "Escape `{everything}` <twice>", 4)));
    }

    @Test
    void aQuietDayOfOneItemIsAShortPostThatShowsEveryLine() throws IOException {
        final Post post = check("quiet-day", Days.quiet(), List.of());

        assertThat(proseWords(post.mdx())).isBetween(40, 150);
        assertThat(post.mdx()).doesNotContain("left out");
    }

    @Test
    void aDayOfTenItemsNamesTheFewThatMatterAndTellsTheRepeatedLessonOnce() throws IOException {
        final Post post = check("ten-items", Days.tenItems(), NEXT);

        assertThat(proseWords(post.mdx())).isBetween(150, 450);
        // the lesson two items reported is told once
        assertThat(post.mdx().split("A lease alone cannot stop a paused holder", -1))
                .hasSize(2);
    }

    @Test
    void aDayOfTenThousandCompletionsStaysAFewHundredWordsAndItsLogKeepsOnlyTheNotableLines() throws IOException {
        // given: ten thousand completions, failures, expiries and dead items
        final List<ItemEvent> events = BusyDay.events();
        final long notable = BusyDay.notable(events);

        // when
        final Post post = check("busy-day", Days.day(events), NEXT);

        // then: the prose is bounded
        assertThat(proseWords(post.mdx())).isBetween(150, 450);
        assertThat(proseWords(post.md())).isBetween(150, 450);
        // the counts are the whole day's, not the kept entries'
        assertThat(post.mdx())
                .contains("completed: 10,000")
                .contains("| failed attempts | "
                        + number(BusyDay.DEAD
                                + events.stream()
                                        .filter(e -> e instanceof ItemEvent.ItemFailed)
                                        .count()
                                - BusyDay.DEAD)
                        + " |");
        // and the log shows notable lines only, saying how many ordinary ones it left out
        final String leftOut = number(events.size() - notable) + " ordinary lines left out";
        assertThat(post.mdx()).contains(leftOut);
        assertThat(post.md()).contains(leftOut);
        assertThat(logLines(post.mdx()))
                .hasSize(PostBounds.LOG_LINES)
                .allMatch(
                        l -> l.contains("status=failed") || l.contains("status=expired") || l.contains("status=dead"));
    }

    @Test
    void theSameFactsOnTheNextDayShareNoSentence() {
        for (final List<ItemEvent> events :
                List.of(Days.normalEvents(), Days.tenItemsEvents(), Days.quietEvents(), Days.learningOnlyEvents())) {
            // given: a day and the next with the same facts
            final Post today = renderer.render(Days.day(events), NEXT).orElseThrow();
            final Post tomorrow = renderer.render(Days.later(events, 1), NEXT).orElseThrow();

            // then: not one of the writer's sentences is the same
            final List<String> repeated = new ArrayList<>(sentences(today.mdx()));
            repeated.retainAll(sentences(tomorrow.mdx()));
            assertThat(repeated)
                    .as("sentences of %s found again on %s", today.date(), tomorrow.date())
                    .isEmpty();
        }
    }

    private Post check(String name, DayMaterial day, List<NextUp> next) throws IOException {
        final Post post = renderer.render(day, next).orElseThrow();
        compare(name + ".md", post.md());
        compare(name + ".mdx", post.mdx());
        return post;
    }

    /**
     * The words a reader reads as prose: the body without front matter, headings, tables,
     * admonition fences, the diagram, code and the details block.
     */
    static int proseWords(String post) {
        final String body = post.substring(post.indexOf("\n---\n", 4) + 5);
        int words = 0;
        String fence = null;
        boolean details = false;
        for (final String line : body.split("\n")) {
            final String l = line.startsWith("> ") ? line.substring(2) : line;
            if (fence != null) {
                fence = l.equals(fence) ? null : fence;
                continue;
            }
            if (l.startsWith("```")) {
                fence = l.replaceAll("[^`].*", "");
                continue;
            }
            if (l.startsWith("<details>") || l.startsWith("</details>")) {
                details = l.startsWith("<details>");
                continue;
            }
            if (details
                    || l.startsWith("#")
                    || l.startsWith("|")
                    || l.startsWith(":::")
                    || l.startsWith("{/*")
                    || l.startsWith("<!--")
                    || l.isBlank()) {
                continue;
            }
            words += l.strip().split("\\s+").length;
        }
        return words;
    }

    /** The writer's own sentences: quoted titles and agent text after a colon set aside. */
    private static List<String> sentences(String post) {
        final String body = post.substring(post.indexOf("\n---\n", 4) + 5);
        final List<String> all = new ArrayList<>();
        String fence = null;
        boolean details = false;
        for (final String line : body.split("\n")) {
            if (fence != null) {
                fence = line.equals(fence) ? null : fence;
                continue;
            }
            if (line.startsWith("```")) {
                fence = line.replaceAll("[^`].*", "");
                continue;
            }
            if (line.startsWith("<details>") || line.startsWith("</details>")) {
                details = line.startsWith("<details>");
                continue;
            }
            if (details
                    || line.startsWith("#")
                    || line.startsWith("|")
                    || line.startsWith(":::")
                    || line.startsWith("{/*")
                    || line.isBlank()) {
                continue;
            }
            for (final String sentence : line.split("(?<=[.!?])\\s+")) {
                all.add(sentence.strip());
            }
        }
        return all;
    }

    private static List<String> logLines(String post) {
        return post.lines()
                .filter(l -> l.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\w+ backlog\\.claim .*"))
                .toList();
    }

    private static String number(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    static void compare(String file, String actual) throws IOException {
        final Path path = GOLDEN.resolve(file);
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(path, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(path)) {
            fail("No golden file " + path + "; run with -Dgolden.update=true to write it, then check it by eye.");
        }
        final String expected = Files.readString(path, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("Rendering differs from " + path + " (run with -Dgolden.update=true to accept it):\n"
                    + firstDifference(expected, actual));
        }
    }

    /** The first line that differs, with its number, expected then actual. */
    static String firstDifference(String expected, String actual) {
        final String[] e = expected.split("\n", -1);
        final String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            final String want = i < e.length ? e[i] : "<end of file>";
            final String got = i < a.length ? a[i] : "<end of file>";
            if (!want.equals(got)) {
                return "line " + (i + 1) + "\n  expected: " + want + "\n  actual:   " + got;
            }
        }
        return "same lines, different bytes";
    }
}
