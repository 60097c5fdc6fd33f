package dev.baton.writer.render;

import static org.assertj.core.api.Assertions.fail;

import dev.baton.writer.material.DayMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both renderings of fixed days, byte for byte, against {@code src/test/resources/golden/}.
 * After a deliberate change, run with {@code -Dgolden.update=true} to rewrite the files, then
 * read the diff before keeping it.
 */
class DevlogGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private static final List<NextUp> NEXT = List.of(new NextUp("70", "Tighten failure recovery paths", 9),
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

    private void check(String name, DayMaterial day, List<NextUp> next) throws IOException {
        final Post post = renderer.render(day, next).orElseThrow();
        compare(name + ".md", post.md());
        compare(name + ".mdx", post.mdx());
    }

    private static void compare(String file, String actual) throws IOException {
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
