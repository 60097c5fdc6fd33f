package dev.baton.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.TopicSpec;
import dev.baton.contracts.catalog.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the catalog spells a topic name: everything else asks {@code Topics} for it. One name is
 * also a word of the agent API ({@code "claims"}: the grants in a claim-next's answer), so that
 * one counts only where it is handed to Kafka (a record, a topic partition, a subscription, a
 * source or sink of a topology).
 */
class TopicNamesTest {

    private static final Path ROOT = Path.of(System.getProperty("baton.root", ".."));
    private static final Path CATALOG =
            Path.of("contracts", "src", "main", "java", "dev", "baton", "contracts", "catalog");

    /** Topic names that are also words of the HTTP API. */
    private static final java.util.Set<String> AMBIGUOUS = java.util.Set.of(Topics.CLAIMS.name());

    @Test
    void noMainSourceOutsideTheCatalogSpellsATopicName() throws IOException {
        final List<String> spelled = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> ROOT.relativize(path).toString().contains("/src/main/java/"))
                    .filter(path -> !ROOT.relativize(path).startsWith(CATALOG))
                    .forEach(path -> spelled.addAll(literals(path)));
        }

        assertThat(spelled).as("topic names spelled outside the catalog").isEmpty();
    }

    private static List<String> literals(Path file) {
        final String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<String> found = new ArrayList<>();
        for (TopicSpec topic : Topics.all()) {
            final boolean spelled = AMBIGUOUS.contains(topic.name())
                    ? java.util.regex.Pattern.compile("(Record|TopicPartition|subscribe|topic|addSource|addSink|stream"
                                    + "|table|to)\\s*[(<][^;]*\"" + java.util.regex.Pattern.quote(topic.name()) + "\"")
                            .matcher(source)
                            .find()
                    : source.contains("\"" + topic.name() + "\"");
            if (spelled) {
                found.add(ROOT.relativize(file) + ": \"" + topic.name() + "\"");
            }
        }
        return found;
    }
}
