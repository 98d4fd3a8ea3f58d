package dev.ticktape.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The sort key of the last row of a page, for keyset paging: the next page holds the rows ordered strictly after it.
 * Every list query orders by a time column then by text columns that make the order total ({@code ties}, in sort
 * order), so a page boundary never skips or repeats a row, and rows written meanwhile behind the key are not seen
 * twice.
 *
 * @param ts   the time column of the last row, to the microsecond the stores keep
 * @param ties the tie-breaking columns of the last row, in the query's sort order
 */
public record PageKey(Instant ts, List<String> ties) {
    public PageKey {
        Objects.requireNonNull(ts, "ts");
        ties = List.copyOf(ties);
    }

    public static PageKey of(Instant ts, String... ties) {
        return new PageKey(ts, List.of(ties));
    }

    /** The i-th tie column, which the query's arity requires to be present. */
    public String tie(int i) {
        if (i >= ties.size()) throw new IllegalArgumentException("page key lacks column " + (i + 1));
        return ties.get(i);
    }
}
