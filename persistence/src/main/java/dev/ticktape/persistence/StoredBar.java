package dev.ticktape.persistence;

import dev.ticktape.model.Bar;
import dev.ticktape.model.Coverage;
import java.time.Instant;
import java.util.List;

/**
 * A bar as read back from storage, with the time its row was written and its coverage. The bar's {@code recvMs} is
 * that write time in epoch milliseconds; {@code ingestedAt} keeps the stored microsecond precision. {@code coverage}
 * is judged from the stored gap ledger when the bar is read ({@link Coverage#of}), so a later backfill changes it.
 */
public record StoredBar(Bar bar, Instant ingestedAt, Coverage coverage) {
    public StoredBar {
        if (bar == null || ingestedAt == null || coverage == null) {
            throw new IllegalArgumentException("bar/ingestedAt/coverage");
        }
    }

    /** A bar no gap is known for: its coverage follows from its revision alone. */
    public StoredBar(Bar bar, Instant ingestedAt) {
        this(bar, ingestedAt, Coverage.of(bar.symbol(), 0, 0, bar.revision(), List.of()));
    }
}
