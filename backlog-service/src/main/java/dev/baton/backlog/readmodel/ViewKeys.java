package dev.baton.backlog.readmodel;

import java.time.Instant;
import java.util.Locale;

/**
 * Keys of the read model's index stores: parts separated by NUL, which sorts before every
 * character a type, a label, an owner or an item id may hold, and the item id last, so a prefix
 * read returns the items of one filter value in id order, the order pages are in. A prefix
 * {@code p NUL} ends before {@code p SOH}.
 */
final class ViewKeys {

    static final char SEP = '\u0000';

    private ViewKeys() {}

    /** {@code parts} joined by NUL, with a NUL at the end. */
    static String prefix(String... parts) {
        return String.join(String.valueOf(SEP), parts) + SEP;
    }

    /** The smallest key after every key that starts with {@code prefix}. */
    static String prefixEnd(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + '\u0001';
    }

    /** Where a page of ids after {@code cursor} starts under {@code prefix} (null cursor: at the start). */
    static String after(String prefix, String cursor) {
        return cursor == null ? prefix : prefix + cursor + SEP;
    }

    /** The last NUL-separated part: the item id. */
    static String lastPart(String key) {
        return key.substring(key.lastIndexOf(SEP) + 1);
    }

    /** Fixed width, so times sort as numbers. */
    static String millis(Instant at) {
        return String.format(Locale.ROOT, "%015d", Math.max(0, Math.min(999_999_999_999_999L, at.toEpochMilli())));
    }
}
