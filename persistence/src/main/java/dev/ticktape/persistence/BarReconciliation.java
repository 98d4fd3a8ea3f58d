package dev.ticktape.persistence;

import java.util.List;
import java.util.Objects;

/**
 * One row of {@code bar_reconciliation}: how the platform's bar of {@code (venue, symbol, interval, tsMs)} compared
 * with the venue's own bar when last checked.
 *
 * @param interval        {@code 1m} or {@code 1s}
 * @param status          {@code matched}, {@code mismatched}, {@code missing_ours} or {@code missing_theirs}
 * @param fieldsDiffering the compared fields outside their tolerance, in a fixed order (empty unless mismatched)
 * @param ours            the platform's bar as a JSON object, null when it has none
 * @param theirs          the venue's bar as a JSON object, null when the venue has none
 * @param checkedAtMs     when the comparison ran (epoch ms)
 */
public record BarReconciliation(
        String venue,
        String symbol,
        String interval,
        long tsMs,
        String status,
        List<String> fieldsDiffering,
        String ours,
        String theirs,
        long checkedAtMs) {
    public BarReconciliation {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(status, "status");
        fieldsDiffering = List.copyOf(fieldsDiffering);
    }
}
