package dev.baton.cli;

import dev.baton.client.DevlogPost;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The writer's daily devlog: {@code devlog} lists the posts, {@code devlog DATE} prints one, and
 * {@code devlog publish [DATE]} publishes one now.
 *
 * <p>{@code publish} is a word of this command rather than a picocli subcommand: a subcommand
 * would be found anywhere on the line, so {@code devlog 2026-03-01 publish} would publish today's
 * post, and options given before it ({@code devlog --json publish}) would not reach it.
 */
final class Devlog {

    private Devlog() {}

    @Command(
            name = "devlog",
            description = "list, show or publish devlog posts",
            customSynopsis = {
                "./baton devlog                      list the published posts",
                "       ./baton devlog DATE [--format md|mdx]",
                "                                           print the post of DATE (YYYY-MM-DD);",
                "                                           with --json, the post with both bodies",
                "       ./baton devlog publish [DATE]       write and publish the post of DATE",
                "                                           now (default: today, UTC)"
            })
    static final class Posts extends BatonCommand {

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "publish|DATE",
                description = "publish: publish a post now; a DATE (YYYY-MM-DD): print its post")
        String first;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "DATE",
                description = "after publish: the day to publish (default: today, UTC)")
        String second;

        @Option(names = "--format", paramLabel = "md|mdx", description = "the post as Markdown or MDX (default md)")
        String format;

        Posts(Console console) {
            super(console);
        }

        @Override
        int run() {
            if (first == null) {
                return list();
            }
            if (first.equals("publish")) {
                if (format != null) {
                    throw new UsageException("--format applies to showing a post, not to publishing one");
                }
                return publish(second != null ? date(second) : LocalDate.now(ZoneOffset.UTC));
            }
            if (second != null) {
                throw new UsageException("'devlog' takes one DATE; unexpected '" + second + "'");
            }
            return show(date(first));
        }

        private int list() {
            if (format != null) {
                throw new UsageException("--format needs a DATE");
            }
            final List<DevlogPost> posts = client.devlogs();
            if (output.json()) {
                output.json(Map.of("posts", posts));
            } else if (posts.isEmpty()) {
                console.err().println("no devlog posts yet");
            } else {
                final Output.Table table = new Output.Table("DATE", "VERSION", "SLUG", "TITLE");
                posts.forEach(p -> table.row(p.date(), p.version(), p.slug(), Output.Table.clip(p.title(), 70)));
                output.table(table);
            }
            return BatonCli.OK;
        }

        private int publish(LocalDate date) {
            final DevlogPost post = client.publishDevlog(date);
            if (output.json()) {
                output.json(post);
                return BatonCli.OK;
            }
            output.line((post.newVersion() ? "published " : "unchanged since its last post: ") + post.date()
                    + " (version " + post.version() + "): " + post.title());
            output.line("  slug   " + post.slug());
            output.line("  items  " + post.itemIds().size());
            if (!post.tags().isEmpty()) {
                output.line("  tags   " + String.join(", ", post.tags()));
            }
            return BatonCli.OK;
        }

        private int show(LocalDate date) {
            if (output.json()) {
                if (format != null) {
                    throw new UsageException("--json prints the post with both bodies; drop --format");
                }
                output.json(client.devlog(date));
                return BatonCli.OK;
            }
            final DevlogPost.Format which;
            try {
                which = DevlogPost.Format.valueOf(format == null ? "MD" : format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--format must be md or mdx, got '" + format + "'");
            }
            output.text(client.devlog(date, which));
            return BatonCli.OK;
        }
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new UsageException("DATE must be YYYY-MM-DD, got '" + value + "'");
        }
    }
}
