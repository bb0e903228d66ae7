package io.bpfskel.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned text columns, two spaces apart, for the commands' human-readable output. */
final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header;
    }

    Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.length + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toArray(String[]::new));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line starting with {@code indent}, without trailing spaces. */
    String render(String indent) {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, indent, header, w);
        for (String[] r : rows) {
            line(sb, indent, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String indent, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder(indent);
        for (int i = 0; i < cells.length; i++) {
            l.append(cells[i]);
            if (i < cells.length - 1) {
                l.append(" ".repeat(w[i] - cells[i].length() + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
