package dev.ticktape.app.chaos;

import java.util.List;
import java.util.Locale;

/**
 * One store's verdict, Kafka-verifier style. {@code accepted}: trades {@code md.trades} holds; {@code late}: those
 * of them that went to {@code md.late} (legitimately in no bar); {@code stored}: the sum of the stored bars' trade
 * counts; {@code missing} and {@code duplicated}: per bar, trades the store lacks or holds beyond the oracle.
 */
public record Verdict(
        String store,
        long sent,
        long accepted,
        long stored,
        long late,
        long missing,
        long duplicated,
        long barsMatching,
        long barsExpected,
        long barsUnexpected,
        List<String> examples) {
    public Verdict {
        examples = List.copyOf(examples);
    }

    /** Nothing missing, nothing doubled, and every bar equal to the oracle's. */
    public boolean ok() {
        return missing == 0 && duplicated == 0 && barsMatching == barsExpected && barsUnexpected == 0;
    }

    /** The outcome in one word, as the Kafka verifier's ALL-RECORDS-DELIVERED. */
    public String label() {
        if (missing > 0 && duplicated > 0) return "STORED-LESS-AND-MORE-THAN-ACCEPTED";
        if (missing > 0) return "STORED-LESS-THAN-ACCEPTED";
        if (duplicated > 0) return "STORED-MORE-THAN-ACCEPTED";
        if (!ok()) return "BARS-DIFFER";
        return "ALL-TRADES-STORED";
    }

    public String line() {
        return String.format(
                Locale.ROOT,
                "%-9s %s sent=%d accepted=%d stored=%d late=%d missing=%d duplicated=%d bars=%d/%d %s",
                store,
                label(),
                sent,
                accepted,
                stored,
                late,
                missing,
                duplicated,
                barsMatching,
                barsExpected,
                barsMatching == barsExpected && barsUnexpected == 0
                        ? "match"
                        : "differ" + (barsUnexpected > 0 ? " (+" + barsUnexpected + " never expected)" : ""));
    }
}
