package dev.baton.writer.render;

import java.util.Objects;

/**
 * The author of a post, written inline in the front matter so a site needs no {@code authors.yml}.
 *
 * @param name     required
 * @param title    optional, e.g. "Backlog agent"
 * @param url      optional
 * @param imageUrl optional; written as Docusaurus's {@code image_url}
 */
public record Author(String name, String title, String url, String imageUrl) {

    public Author {
        Objects.requireNonNull(name, "name");
    }
}
