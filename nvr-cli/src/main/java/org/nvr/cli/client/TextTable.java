package org.nvr.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for people: a header row and rows, columns aligned with spaces, two between columns, the last column
 * not padded. Cells are made printable first (what the server or a camera sends must not drive the terminal).
 */
public final class TextTable {
    /** Most rows kept; a listing longer than this is cut with a note (use --json for everything). */
    public static final int MAX_ROWS = 10_000;

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();
    private int dropped;

    public TextTable(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = headers.clone();
    }

    /** Adds a row; {@code cells} must match the headers in number. */
    public TextTable row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row of " + cells.length + " cells for " + headers.length
                    + " columns");
        }
        if (rows.size() == MAX_ROWS) {
            dropped++;
            return this;
        }
        String[] clean = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            clean[i] = printable(cells[i] == null ? "" : cells[i]);
        }
        rows.add(clean);
        return this;
    }

    /** Writes the table, one line per row. */
    public void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(headers, widths));
        for (String[] row : rows) {
            out.println(line(row, widths));
        }
        if (dropped > 0) {
            out.println("(" + dropped + " more rows not shown; use --json)");
        }
    }

    /** Writes {@code name value} lines, the values aligned; {@code pairs} alternates names and values. */
    public static void keyValues(PrintWriter out, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        int width = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            width = Math.max(width, pairs[i].length());
        }
        for (int i = 0; i < pairs.length; i += 2) {
            out.println(line(new String[] {pairs[i], printable(pairs[i + 1] == null ? "" : pairs[i + 1])},
                    new int[] {width, 0}));
        }
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                char[] pad = new char[widths[i] - cells[i].length() + 2];
                Arrays.fill(pad, ' ');
                line.append(pad);
            }
        }
        return line.toString().stripTrailing();
    }

    /**
     * {@code text} with control characters (C0, DEL, C1: terminal escape sequences) replaced by '?', so that a
     * camera name cannot move the cursor or change the terminal's title.
     */
    public static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
