package dev.baton.contracts.limits;

/**
 * What Baton accepts as text, and how user-given text is written where it could pass for
 * something else. Input: every string must be well-formed Unicode (no lone surrogates) and hold
 * no NUL; a one-line field (a title, a label) holds no control character at all and at least one
 * visible character. Output: {@link #inert} makes any string safe inside a log line, so one
 * event is always one line and no one can forge another.
 */
public final class Text {

    private Text() {}

    /** Why {@code value} is not acceptable text, or {@code null} when it is. */
    public static String problem(String value, boolean oneLine) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be well-formed Unicode (a lone surrogate at character " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "must be well-formed Unicode (a lone surrogate at character " + i + ")";
            }
            if (c == 0) {
                return "must not contain NUL (at character " + i + ")";
            }
            if (oneLine && Character.getType(c) == Character.CONTROL) {
                return "must not contain control characters (U+" + String.format(java.util.Locale.ROOT, "%04X", (int) c)
                        + " at character " + i + ")";
            }
        }
        if (oneLine && !visible(value)) {
            return "must contain a visible character";
        }
        return null;
    }

    /**
     * The string with each lone surrogate replaced by U+FFFD, for text Baton writes back to a
     * caller (a field name, a message quoting input) that must encode as UTF-8 whatever it holds.
     * {@code null} stays {@code null}.
     */
    public static String wellFormed(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            final boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                if (out != null) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(value.length()).append(value, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    /** Whether every surrogate in the string is half of a pair: text that can be written as UTF-8. */
    public static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the string has a character that is neither white space, a control, nor an invisible format mark. */
    public static boolean visible(String value) {
        return value.codePoints()
                .anyMatch(cp -> !Character.isWhitespace(cp)
                        && !Character.isSpaceChar(cp)
                        && Character.getType(cp) != Character.CONTROL
                        && Character.getType(cp) != Character.FORMAT);
    }

    /**
     * The string as it may appear in a log line: control characters, line and paragraph
     * separators, quotes and backslashes escaped ({@code \n}, {@code \u001b}, {@code \"}); lone
     * surrogates shown as {@code \ud800}. {@code null} stays {@code null}.
     */
    public static String inert(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            final String escaped = escape(value, i, c);
            if (escaped != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    private static String escape(String value, int i, char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        final boolean lone = Character.isHighSurrogate(c)
                ? i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)));
        final int type = Character.getType(c);
        if (lone
                || type == Character.CONTROL
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u0085'
                || type == Character.FORMAT && c != '\u200d') {
            return String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }
}
