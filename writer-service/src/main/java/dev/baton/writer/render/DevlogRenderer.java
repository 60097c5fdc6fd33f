package dev.baton.writer.render;

import dev.baton.writer.material.DayMaterial;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a day's material into a {@link Post}: the generator decides what to say, this class
 * escapes it for each format and lays it out through the Qute templates
 * {@code templates/devlog/post.md} and {@code templates/devlog/post.mdx}.
 *
 * <p>It builds its own Qute {@link Engine} and reads the templates from the classpath, so it
 * works the same in a plain unit test and inside Quarkus. The templates only place values;
 * every value is escaped here before it reaches them (the engine adds no escaping of its own).
 */
public final class DevlogRenderer {

    static final String MD_TEMPLATE = "templates/devlog/post.md";
    static final String MDX_TEMPLATE = "templates/devlog/post.mdx";

    private static final Pattern STATUS = Pattern.compile(" status=(\\w+)");

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
        final Narrative story = generator.narrate(day, next == null ? List.of() : List.copyOf(next));
        final String slug = day.date() + "-devlog";
        final String title = "Devlog: " + day.date();
        final List<String> tags = new ArrayList<>(List.of("devlog"));
        Work.tags(day).stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        final String frontMatter = frontMatter(slug, title, tags, story.description(), day);
        final List<String> lines = day.log().stream().map(DayMaterial.LogLine::line).map(Escape::line).toList();
        final String mdText = md.data(body(frontMatter, story, lines, Escape::markdown)).render();
        final Map<String, Object> mdxData = body(frontMatter, story, lines, Escape::mdx);
        mdxData.put("flow", flow(lines));
        final String mdxText = mdx.data(mdxData).render();
        return Optional.of(new Post(day.date(), slug, title, story.description(), tags, mdText, mdxText,
                Work.itemIds(day)));
    }

    private static Map<String, Object> body(String frontMatter, Narrative story, List<String> lines,
            UnaryOperator<String> escape) {
        final Map<String, Object> data = new LinkedHashMap<>();
        data.put("frontMatter", frontMatter);
        data.put("theme", escape.apply(story.theme()));
        data.put("builds", story.builds().stream().map(escape).toList());
        data.put("learnings", story.learnings().stream().map(escape).toList());
        data.put("warnings", story.warnings().stream().map(escape).toList());
        // Raw lines go into a code fence, where nothing is parsed: only the fence must outlast them.
        data.put("log", lines);
        data.put("fence", Escape.fence(lines));
        data.put("closing", escape.apply(story.closing()));
        return data;
    }

    /** YAML with every value double-quoted; the same block opens both formats. */
    private String frontMatter(String slug, String title, List<String> tags, String description, DayMaterial day) {
        final StringBuilder y = new StringBuilder("---\n");
        y.append("slug: ").append(Escape.yaml(slug)).append('\n');
        y.append("title: ").append(Escape.yaml(title)).append('\n');
        y.append("authors:\n");
        y.append("  - name: ").append(Escape.yaml(author.name())).append('\n');
        optional(y, "title", author.title());
        optional(y, "url", author.url());
        optional(y, "image_url", author.imageUrl());
        y.append("tags: [").append(String.join(", ", tags.stream().map(Escape::yaml).toList())).append("]\n");
        y.append("description: ").append(Escape.yaml(Escape.oneLine(description))).append('\n');
        y.append("date: ").append(Escape.yaml(day.date().toString())).append('\n');
        return y.append("---").toString();
    }

    private static void optional(StringBuilder y, String key, String value) {
        if (value != null && !value.isBlank()) {
            y.append("    ").append(key).append(": ").append(Escape.yaml(value)).append('\n');
        }
    }

    /** Transitions of the day by status, counted from the raw lines the day keeps. */
    private static Map<String, Integer> flow(List<String> lines) {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        for (final String status : List.of("submitted", "locked", "completed", "failed", "expired", "dead")) {
            counts.put(status, 0);
        }
        for (final String line : lines) {
            final Matcher m = STATUS.matcher(line);
            if (m.find()) {
                counts.computeIfPresent(m.group(1).toLowerCase(Locale.ROOT), (k, v) -> v + 1);
            }
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
