package dev.baton.writer.publish;

import dev.baton.writer.render.Post;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A post as published on {@code devlog-posts}: the rendering, and what it was written from.
 *
 * @param version        1 for a day's first post; each new version of the day carries new material
 * @param materialHash   a fingerprint of the day's material; the same material is never published twice
 * @param publishedBy    the agent that held the day's devlog item when it published
 */
public record PublishedPost(
        LocalDate date,
        String slug,
        String title,
        String description,
        List<String> tags,
        int version,
        List<String> itemIds,
        String materialHash,
        String md,
        String mdx,
        Instant publishedAt,
        String publishedBy) {

    public PublishedPost {
        tags = tags == null ? List.of() : List.copyOf(tags);
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    }

    static PublishedPost of(Post post, int version, String materialHash, Instant at, String agent) {
        return new PublishedPost(
                post.date(),
                post.slug(),
                post.title(),
                post.description(),
                post.tags(),
                version,
                post.itemIds(),
                materialHash,
                post.md(),
                post.mdx(),
                at,
                agent);
    }

    /** The slug of a day's post: {@code YYYY-MM-DD-devlog}. */
    public static String slugOf(LocalDate date) {
        return date + "-devlog";
    }
}
