package dev.ticktape.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every {@link ReconciliationStore} does; each store's test supplies a fresh, migrated one. */
@Timeout(120)
public abstract class ReconciliationStoreContract {
    private static final long T0 = Instant.parse("2026-01-05T14:31:00Z").toEpochMilli();

    protected abstract ReconciliationStore store() throws Exception;

    private static BarReconciliation row(String symbol, long ts, String status, List<String> fields, long at) {
        String ours = status.equals("missing_ours") ? null : "{\"close\":1.5,\"trades\":3}";
        String theirs = status.equals("missing_theirs") ? null : "{\"close\":1.5,\"trades\":4}";
        return new BarReconciliation("binance", symbol, "1m", ts, status, fields, ours, theirs, at);
    }

    @Test
    void storesFiltersAndCountsRowsAndAReCheckReplacesTheRow() throws Exception {
        ReconciliationStore s = store();
        s.upsert(List.of(
                row("BTCUSDT", T0, "matched", List.of(), T0 + 120_000),
                row("BTCUSDT", T0 + 60_000, "mismatched", List.of("trades", "volume"), T0 + 120_000),
                row("ETHUSDT", T0, "missing_ours", List.of(), T0 + 120_000)));

        List<BarReconciliation> all = s.rows(null, null, null, null, null, null, 100);
        assertThat(all)
                .extracting(BarReconciliation::symbol, BarReconciliation::tsMs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("BTCUSDT", T0),
                        org.assertj.core.groups.Tuple.tuple("ETHUSDT", T0),
                        org.assertj.core.groups.Tuple.tuple("BTCUSDT", T0 + 60_000));
        BarReconciliation mismatch =
                s.rows("binance", "BTCUSDT", "1m", "mismatched", null, null, 10).get(0);
        assertThat(mismatch.fieldsDiffering()).containsExactly("trades", "volume");
        assertThat(mismatch.theirs()).contains("\"trades\"").contains("4");
        assertThat(mismatch.checkedAtMs()).isEqualTo(T0 + 120_000);
        assertThat(s.rows(null, "ETHUSDT", null, null, null, null, 10).get(0).ours())
                .isNull();
        assertThat(s.countByStatus(null, null, null, null, null))
                .isEqualTo(Map.of("matched", 1L, "mismatched", 1L, "missing_ours", 1L));
        assertThat(s.countByStatus(
                        null, null, null, Instant.ofEpochMilli(T0 + 60_000), Instant.ofEpochMilli(T0 + 120_000)))
                .isEqualTo(Map.of("mismatched", 1L));

        // The late trade arrived; the re-check of that minute replaces the row.
        s.upsert(List.of(row("BTCUSDT", T0 + 60_000, "matched", List.of(), T0 + 300_000)));
        assertThat(s.rows(null, "BTCUSDT", null, null, null, null, 10))
                .extracting(BarReconciliation::status)
                .containsExactly("matched", "matched");
        assertThat(s.rows(null, "BTCUSDT", null, null, Instant.ofEpochMilli(T0 + 60_000), null, 10)
                        .get(0)
                        .checkedAtMs())
                .isEqualTo(T0 + 300_000);
        assertThat(s.rows(null, null, null, null, null, null, 1)).hasSize(1);
    }
}
