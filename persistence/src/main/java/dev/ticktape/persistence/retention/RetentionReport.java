package dev.ticktape.persistence.retention;

import java.io.PrintStream;
import java.util.List;

/**
 * What a retention run removed, or would remove in a dry run: one item per partition dropped, rows deleted or
 * rows rolled up; and, in {@code kept}, the replayed rows past a tier that stay because the policy applies to live
 * data only (so an operator sees that history was spared and why).
 */
public record RetentionReport(String store, List<Item> items, List<Item> kept) {
    public RetentionReport {
        items = List.copyOf(items);
        kept = List.copyOf(kept);
    }

    public RetentionReport(String store, List<Item> items) {
        this(store, items, List.of());
    }

    /** One action: {@code what} says what goes (or is written, for a roll-up), {@code rows} how many rows. */
    public record Item(String table, String what, long rows) {}

    /** Rows removed (or rolled up, for {@code ohlc_5m}) in {@code table}. */
    public long rows(String table) {
        return items.stream()
                .filter(i -> i.table().equals(table))
                .mapToLong(Item::rows)
                .sum();
    }

    /** Replayed rows of {@code table} past its tier and kept. */
    public long keptRows(String table) {
        return kept.stream()
                .filter(i -> i.table().equals(table))
                .mapToLong(Item::rows)
                .sum();
    }

    public long keptRows() {
        return kept.stream().mapToLong(Item::rows).sum();
    }

    public void print(PrintStream out) {
        if (items.isEmpty()) out.printf("%s: nothing to age out%n", store);
        for (Item i : items) out.printf("%s  %-16s %-48s %,12d rows%n", store, i.table(), i.what(), i.rows());
        for (Item i : kept) {
            out.printf(
                    "%s  %-16s %-48s %,12d rows kept (replayed; --retention-include-replays ages them out)%n",
                    store, i.table(), i.what(), i.rows());
        }
    }
}
