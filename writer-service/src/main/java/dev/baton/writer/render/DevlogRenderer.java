package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.Tally;
import dev.baton.writer.render.DayFacts.Named;
import dev.baton.writer.render.DayFacts.Row;
import dev.baton.writer.render.DayFacts.Setbacks;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a day's material into a {@link Post}: the day is summed up in {@link DayFacts}, the
 * generator says it in prose, and this class escapes every value for each format and lays it out
 * through the Qute templates {@code templates/devlog/post.md} and {@code templates/devlog/post.mdx}.
 *
 * <p>What is drawn from the facts is the writer's, whoever wrote the prose: the front matter
 * (with the generator that wrote the prose), the setbacks table, the diagram of the day's flow and
 * the details block (the items named, with their ids, and the raw log: all of a small day's lines,
 * a busy day's notable ones, and how many ordinary lines were left out).
 *
 * <p>It builds its own Qute {@link Engine} and reads the templates from the classpath, so it
 * works the same in a plain unit test and inside Quarkus. The templates only place values;
 * every value is escaped here before it reaches them (the engine adds no escaping of its own).
 */
public final class DevlogRenderer {

    static final String MD_TEMPLATE = "templates/devlog/post.md";
    static final String MDX_TEMPLATE = "templates/devlog/post.mdx";

    private final DevlogGenerator generator;
    private final Author author;
    private final Template md;
    private final Template mdx;

    public DevlogRenderer(DevlogGenerator generator, Author author) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.author = Objects.requireNonNull(author, "author");
        final Engine engine = Engine.builder().addDefaults().build();
        this.md = engine.parse(load(MD_TEMPLATE));
        this.mdx = engine.parse(load(MDX_TEMPLATE));
    }

    /** With the deterministic {@link TemplateDevlogGenerator}. */
    public DevlogRenderer(Author author) {
        this(new TemplateDevlogGenerator(), author);
    }

    /** Whether the day has anything a post is written from: work finished, failed, expired or dead. */
    public static boolean hasMaterial(DayMaterial day) {
        return Work.hasMaterial(day);
    }

    /**
     * The day's post, or empty when nothing was finished, failed, expired or went dead that day.
     *
     * @param next the most urgent items still ready, most urgent first; may be empty
     */
    public Optional<Post> render(DayMaterial day, List<NextUp> next) {
        if (!Work.hasMaterial(day)) {
            return Optional.empty();
        }
        final DayFacts facts = DayFacts.of(day, next);
        final Narrative story = generator.narrate(facts);
        final String slug = day.date() + "-devlog";
        final String title = "Devlog: " + day.date();
        final List<String> tags = new ArrayList<>(List.of("devlog"));
        Work.tags(day).stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        final String frontMatter = frontMatter(slug, title, tags, story, day);
        final RawLog log = RawLog.of(day);
        final String mdText =
                md.data(body(frontMatter, story, facts, log, Escape::markdown)).render();
        final Map<String, Object> mdxData = body(frontMatter, story, facts, log, Escape::mdx);
        mdxData.put("flow", flow(day.counts()));
        final String mdxText = mdx.data(mdxData).render();
        return Optional.of(
                new Post(day.date(), slug, title, story.description(), tags, mdText, mdxText, Work.itemIds(day)));
    }

    private static Map<String, Object> body(
            String frontMatter, Narrative story, DayFacts facts, RawLog log, UnaryOperator<String> escape) {
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("frontMatter", frontMatter);
        data.put("theme", escape.apply(story.theme()));
        data.put("builds", story.builds().stream().map(escape).toList());
        data.put("learnings", story.learnings().stream().map(escape).toList());
        data.put("setbacks", facts.setbacks().any());
        data.put("setbacksText", story.setbacks().isBlank() ? "" : escape.apply(story.setbacks()));
        data.put("setbackRows", setbackRows(facts.setbacks(), escape));
        data.put(
                "named",
                facts.namedItems().entrySet().stream()
                        .map(e -> Map.of(
                                "title",
                                escape.apply(e.getValue() == null ? "(untitled)" : e.getValue()),
                                "id",
                                escape.apply(e.getKey())))
                        .toList());
        // Raw lines go into a code fence, where nothing is parsed: only the fence must outlast them.
        final List<String> lines = log.lines().stream().map(Escape::line).toList();
        data.put("log", lines);
        data.put("fence", Escape.fence(lines));
        data.put("leftOut", log.leftOut().isEmpty() ? "" : escape.apply(log.leftOut()));
        data.put("closing", escape.apply(story.closing()));
        return data;
    }

    /** The setbacks table: one row per kind, every cell escaped like prose (a {@code |} stays text). */
    private static List<Map<String, String>> setbackRows(Setbacks b, UnaryOperator<String> escape) {
        final List<Map<String, String>> rows = new ArrayList<>();
        rows.add(row("failed attempts", b.failures(), escape));
        rows.add(row("expired leases", b.expiries(), escape));
        rows.add(row("dead items", b.dead(), escape));
        final String fencing = "answered to the agent, never written to item-events; "
                + (b.takeovers() == 0
                        ? "no item changed hands after an expired lease"
                        : TemplateDevlogGenerator.count(b.takeovers(), "takeover", "takeovers")
                                + " after an expired lease, where a late holder is refused: "
                                + names(
                                        b.takenOver(),
                                        Math.max(
                                                0, b.takeovers() - b.takenOver().size())));
        rows.add(Map.of(
                "what",
                escape.apply("fencing refusals"),
                "count",
                escape.apply("not recorded"),
                "items",
                escape.apply(fencing)));
        return rows;
    }

    private static Map<String, String> row(String what, Row row, UnaryOperator<String> escape) {
        return Map.of(
                "what",
                escape.apply(what),
                "count",
                escape.apply(TemplateDevlogGenerator.number(row.count())),
                "items",
                row.named().isEmpty() ? "" : escape.apply(names(row.named(), row.more())));
    }

    private static String names(List<Named> named, long more) {
        final List<String> parts = new ArrayList<>(named.stream()
                .map(n -> TemplateDevlogGenerator.quoted(n.title()))
                .toList());
        if (more > 0) {
            parts.add(TemplateDevlogGenerator.count(more, "more", "more"));
        }
        return TemplateDevlogGenerator.and(parts);
    }

    /** YAML with every value double-quoted; the same block opens both formats. */
    private String frontMatter(String slug, String title, List<String> tags, Narrative story, DayMaterial day) {
        final StringBuilder y = new StringBuilder("---\n");
        y.append("slug: ").append(Escape.yaml(slug)).append('\n');
        y.append("title: ").append(Escape.yaml(title)).append('\n');
        y.append("authors:\n");
        y.append("  - name: ").append(Escape.yaml(author.name())).append('\n');
        optional(y, "title", author.title());
        optional(y, "url", author.url());
        optional(y, "image_url", author.imageUrl());
        y.append("tags: [")
                .append(String.join(", ", tags.stream().map(Escape::yaml).toList()))
                .append("]\n");
        y.append("description: ")
                .append(Escape.yaml(Escape.oneLine(story.description())))
                .append('\n');
        y.append("date: ").append(Escape.yaml(day.date().toString())).append('\n');
        y.append("generator: ")
                .append(Escape.yaml(Escape.oneLine(story.generator())))
                .append('\n');
        return y.append("---").toString();
    }

    private static void optional(StringBuilder y, String key, String value) {
        if (value != null && !value.isBlank()) {
            y.append("    ").append(key).append(": ").append(Escape.yaml(value)).append('\n');
        }
    }

    /** Transitions of the whole day by status, for the diagram. */
    private static Map<String, String> flow(Tally tally) {
        final Map<String, String> counts = new LinkedHashMap<>();
        for (final String status : List.of("submitted", "claimed", "completed", "failed", "expired", "dead")) {
            counts.put(status, TemplateDevlogGenerator.number(tally.count(status)));
        }
        return counts;
    }

    private static String load(String path) {
        try (InputStream in = DevlogRenderer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("template not on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
