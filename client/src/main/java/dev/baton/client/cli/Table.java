package dev.baton.client.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as aligned columns under a header; the last column is never padded. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int width;

    Table(String... header) {
        rows.add(header);
        width = header.length;
    }

    Table row(Object... cells) {
        final String[] row = new String[width];
        for (int i = 0; i < width; i++) {
            row[i] = i < cells.length && cells[i] != null ? oneLine(String.valueOf(cells[i])) : "-";
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    void print(PrintStream out) {
        final int[] widths = new int[width];
        for (String[] row : rows) {
            for (int i = 0; i < width; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < width; i++) {
                line.append(row[i]);
                if (i < width - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }

    static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        final String line = oneLine(text);
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
