package dev.baton.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A day's devlog post as the writer service answers it. The listing may leave out the bodies
 * ({@code md}, {@code mdx}); a fetched or published post has them.
 */
public record DevlogPost(
        LocalDate date,
        String slug,
        String title,
        List<String> tags,
        String description,
        int version,
        List<String> itemIds,
        String md,
        String mdx,
        Instant publishedAt,
        boolean newVersion) {

    public DevlogPost {
        tags = tags == null ? List.of() : List.copyOf(tags);
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    }

    /** This post, marked as the new version a publish call just made ({@code true}) or as unchanged. */
    DevlogPost withNewVersion(boolean made) {
        return new DevlogPost(date, slug, title, tags, description, version, itemIds, md, mdx, publishedAt, made);
    }

    /** The two formats a post is rendered in. */
    public enum Format {
        /** Plain Markdown with front matter. */
        MD,
        /** Docusaurus MDX. */
        MDX
    }
}
