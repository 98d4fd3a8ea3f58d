package dev.ticktape.persistence;

import dev.ticktape.model.Decision;
import java.time.Instant;

/**
 * A decision as read back from {@code stream_actions} and its {@code stream_state} row (the close). The decision's
 * {@code tsMs} is the stored {@code "timestamp"} (the bar start), its {@code recvMs} the stored {@code computed_at},
 * and a decision written without a source reads back with {@code live:SYMBOL}; {@code ingestedAt} is when its rows
 * were written.
 */
public record StoredDecision(Decision decision, Instant ingestedAt) {
    public StoredDecision {
        if (decision == null || ingestedAt == null) throw new IllegalArgumentException("decision/ingestedAt");
    }

    /** The key to pass as {@code after} for the page that follows this row. */
    public PageKey pageKey() {
        return PageKey.of(Instant.ofEpochMilli(decision.tsMs()), decision.venue(), decision.symbol(), decision.runId());
    }
}
