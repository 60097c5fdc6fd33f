package dev.baton.writer.rest;

import dev.baton.writer.publish.PublishedPost;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every day's latest post, newest first, without the renderings. */
@Schema(name = "PostList", description = "Every day's latest post, newest first, without the renderings")
public record PostList(List<Entry> posts) {

    static PostList of(List<PublishedPost> posts) {
        return new PostList(posts.stream().map(Entry::of).toList());
    }

    /** One day's latest post. */
    @Schema(name = "PostListEntry", description = "One day's latest post")
    public record Entry(
            @Schema(description = "The day, YYYY-MM-DD") String date,
            String slug,
            String title,
            String description,
            List<String> tags,

            @Schema(description = "1 for the day's first post, then one more for each new version")
            int version,

            @Schema(description = "How many items the post tells of")
            int items,

            Instant publishedAt) {

        static Entry of(PublishedPost post) {
            return new Entry(
                    post.date().toString(),
                    post.slug(),
                    post.title(),
                    post.description(),
                    post.tags(),
                    post.version(),
                    post.itemIds().size(),
                    post.publishedAt());
        }
    }
}
