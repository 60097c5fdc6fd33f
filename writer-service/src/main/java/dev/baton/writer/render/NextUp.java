package dev.baton.writer.render;

/** One of the most urgent items still ready, for the post's closing line; the caller looks them up. */
public record NextUp(String id, String title, int priority) {}
