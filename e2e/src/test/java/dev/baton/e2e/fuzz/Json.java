package dev.baton.e2e.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON writer that escapes every character outside printable ASCII as {@code \\uXXXX}, so a
 * test can send strings a library would refuse to write: lone surrogates, NUL, anything.
 */
final class Json {

    /** Text spliced in as it is: deep nesting, trailing garbage, numbers no parser reads. */
    record Raw(String text) {}

    private Json() {}

    static String write(Object value) {
        final StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, entry.getKey().toString());
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not JSON: " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        out.append('"');
    }

    /** An array nested {@code depth} levels deep around {@code inner}. */
    static Raw nested(int depth, String inner) {
        return new Raw("[".repeat(depth) + inner + "]".repeat(depth));
    }
}
