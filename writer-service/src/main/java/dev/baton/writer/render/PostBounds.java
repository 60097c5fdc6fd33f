package dev.baton.writer.render;

/**
 * How much a post says, whatever the size of its day: a day of ten items and a day of ten
 * thousand make posts of about the same length. These bound what the writer shows; what it keeps
 * of a day is bounded in {@code material} ({@code MaterialSettings}, {@code Clip}, {@code Tally}).
 */
final class PostBounds {

    /** Items named in "What I built" (the most urgent, the longest run, the hardest won, the only one of its kind). */
    static final int HIGHLIGHTS = 4;
    /** Kinds of work counted one by one; the rest are "N items of M other kinds". */
    static final int KINDS = 4;
    /** Tags or labels named as the day's theme. */
    static final int THEMES = 3;
    /** Distinct lessons told from the learning feeds. */
    static final int LESSONS = 3;
    /** Items named per row of the setbacks table. */
    static final int SETBACK_NAMES = 3;
    /** Tags in the front matter besides {@code devlog}. */
    static final int TAGS = 10;
    /** Characters of a title in prose; longer ones end in an ellipsis. */
    static final int TITLE_CHARS = 80;
    /** Words of an agent's summary quoted in prose (its first sentence at most). */
    static final int SUMMARY_WORDS = 30;
    /** Words of an agent's notes quoted in prose (their first sentence at most). */
    static final int NOTES_WORDS = 20;
    /** Raw lines shown: a day with more shows only its notable lines, this many at most. */
    static final int LOG_LINES = 40;
    /** A language model's paragraph, and its whole answer, in words. */
    static final int MODEL_PARAGRAPH_WORDS = 160;

    static final int MODEL_ANSWER_WORDS = 600;
    /** A language model's answer, in characters, before anything is parsed. */
    static final int MODEL_ANSWER_CHARS = 8_000;

    private PostBounds() {}
}
