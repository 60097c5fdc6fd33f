package dev.baton.claim.state;

import dev.baton.claim.engine.Times;
import java.time.Instant;
import java.util.Locale;

/**
 * Keys of the engine's ordered tables: the live indexes ({@link IndexTable}) and
 * the stores read by range or prefix (request expiries, parked commands and their deadlines,
 * watchers). Each key is laid out for the reads the engine makes: numbers fixed-width, parts
 * separated by NUL, which sorts before every character an item id or a type may contain. A prefix
 * {@code p NUL} ends before {@code p SOH}, so a prefix read and a read "up to now" return the same
 * entries whether the table compares keys as Java strings (a {@code TreeMap}) or as bytes
 * (RocksDB): the storage of an index can change without its keys changing.
 *
 * <ul>
 *   <li>ready: {@code type NUL invertedPriority NUL submittedMillis NUL id}, plus the same under
 *       the type {@code *} for "any type": a prefix read returns the most urgent first;</li>
 *   <li>lease, wake and retention: {@code millis NUL id}: a read up to now returns what is due.</li>
 * </ul>
 *
 * <p>Times are written as 15 digits, clamped to 0..{@link #LAST_MILLIS} (the year 33658): any
 * {@link Instant} makes a key, and a time beyond the last one sorts with it, as "never".
 */
final class IndexKeys {

    static final char SEP = '\u0000';
    static final String ANY_TYPE = "*";
    /** Sorts after every key of a table whose first part is an item id or a type (ASCII, by their rules). */
    static final String END = "\u007f";
    /** The largest time a key holds: the widest number of the fixed width, so keys keep their order. */
    static final long LAST_MILLIS = 999_999_999_999_999L;

    private IndexKeys() {}

    static String ready(String type, int priority, Instant submittedAt, String id) {
        return type + SEP + order(priority, submittedAt) + SEP + id;
    }

    static String readyPrefix(String type) {
        return type + SEP;
    }

    /** The smallest key after every key that starts with {@code prefix}, a prefix that ends with NUL. */
    static String prefixEnd(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + '\u0001';
    }

    /** {@code parts} joined by NUL, with a NUL at the end: the prefix of every key that starts with them. */
    static String prefix(String... parts) {
        return String.join(String.valueOf(SEP), parts) + SEP;
    }

    /** Higher priority first, then older first. */
    static String order(int priority, Instant submittedAt) {
        final long inverted = (long) Integer.MAX_VALUE - priority;
        return String.format(Locale.ROOT, "%010d", inverted) + SEP + millis(submittedAt);
    }

    /** The priority encoded in a ready key. */
    static int priorityOf(String readyKey) {
        return (int) ((long) Integer.MAX_VALUE - Long.parseLong(parts(readyKey)[1]));
    }

    static String timed(Instant at, String id) {
        return millis(at) + SEP + id;
    }

    static String timed(long millis, String... parts) {
        return millis(millis) + SEP + String.join(String.valueOf(SEP), parts);
    }

    /** The smallest key that sorts after every timed key at or before {@code millis}. */
    static String after(long millis) {
        return millis(millis) + '\u0001';
    }

    static String millis(long millis) {
        return String.format(Locale.ROOT, "%015d", Math.max(0, Math.min(LAST_MILLIS, millis)));
    }

    static String millis(Instant at) {
        return millis(Times.millis(at));
    }

    /** The last NUL-separated part of a key. */
    static String lastPart(String key) {
        return key.substring(key.lastIndexOf(SEP) + 1);
    }

    /** The key without its first part (the type), for merging several types in priority order. */
    static String withoutFirstPart(String key) {
        return key.substring(key.indexOf(SEP) + 1);
    }

    static String[] parts(String key) {
        return key.split(String.valueOf(SEP), -1);
    }
}
