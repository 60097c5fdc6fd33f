package dev.baton.writer.render;

import java.time.LocalDate;
import java.util.List;

/**
 * One day's devlog post in both formats.
 *
 * @param md      plain Markdown with front matter
 * @param mdx     Docusaurus MDX: front matter first, then the body
 * @param itemIds the items the post is written from, in the order the post names them
 */
public record Post(
        LocalDate date,
        String slug,
        String title,
        String description,
        List<String> tags,
        String md,
        String mdx,
        List<String> itemIds) {

    public Post {
        tags = List.copyOf(tags);
        itemIds = List.copyOf(itemIds);
    }
}
