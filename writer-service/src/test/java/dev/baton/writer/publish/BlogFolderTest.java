package dev.baton.writer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlogFolderTest {

    @TempDir
    Path dir;

    @Test
    void writesBothRenderingsWhereADocusaurusBlogFolderExpectsThemAndLeavesNoTemporaryFiles() throws Exception {
        final BlogFolder blog = new BlogFolder(dir.resolve("blog"));
        blog.write(post(1, "first"));
        blog.write(post(2, "second"));

        assertThat(Files.readString(dir.resolve("blog/2026-02-05-devlog.mdx"))).isEqualTo("mdx second");
        assertThat(Files.readString(dir.resolve("blog/_markdown/2026-02-05-devlog.md")))
                .isEqualTo("md second");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> dir.relativize(p).toString()))
                    .containsExactlyInAnyOrder("blog/2026-02-05-devlog.mdx", "blog/_markdown/2026-02-05-devlog.md");
        }
    }

    @Test
    void aPostGoesRoundTheCloudEventUnchangedAndAnythingElseIsRefusedWithTheReason() {
        final PublishedPost post = post(3, "text with \"quotes\" and {braces}");
        assertThat(DevlogCloudEvent.decode(DevlogCloudEvent.encode(post))).isEqualTo(post);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevlogCloudEvent.decode("{\"type\":\"x\"}".getBytes()))
                .hasMessageContaining("not dev.baton.devlog.published");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevlogCloudEvent.decode("nope".getBytes()))
                .hasMessageStartingWith("not JSON");
    }

    private static PublishedPost post(int version, String text) {
        return new PublishedPost(
                LocalDate.parse("2026-02-05"),
                "2026-02-05-devlog",
                "Devlog: 2026-02-05",
                "d",
                List.of("devlog"),
                version,
                List.of("a", "b"),
                "hash" + version,
                "md " + text,
                "mdx " + text,
                Instant.parse("2026-02-05T23:50:00Z"),
                "writer-local");
    }
}
