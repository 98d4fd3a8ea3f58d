package dev.ticktape.persistence.retention;

import java.io.PrintStream;
import java.util.List;

/**
 * What a retention run removed, or would remove in a dry run: one item per partition dropped, rows deleted or
 * rows rolled up.
 */
public record RetentionReport(String store, List<Item> items) {
    public RetentionReport {
        items = List.copyOf(items);
    }

    /** One action: {@code what} says what goes (or is written, for a roll-up), {@code rows} how many rows. */
    public record Item(String table, String what, long rows) {}

    public long rows(String table) {
        return items.stream()
                .filter(i -> i.table().equals(table))
                .mapToLong(Item::rows)
                .sum();
    }

    public void print(PrintStream out) {
        if (items.isEmpty()) {
            out.printf("%s: nothing to age out%n", store);
            return;
        }
        for (Item i : items) out.printf("%s  %-16s %-48s %,12d rows%n", store, i.table(), i.what(), i.rows());
    }
}
