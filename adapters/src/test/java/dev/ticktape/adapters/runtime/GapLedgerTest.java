package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Gap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class GapLedgerTest {
    private final InMemoryPublisher published = new InMemoryPublisher();
    private final AtomicLong now = new AtomicLong(1_000);
    private final GapLedger ledger = new GapLedger("binance", "CONN0", published, now::get);

    private List<Gap> records() {
        return published.events().stream().map(Gap.class::cast).toList();
    }

    @Test
    void opensOnceClosesOnceAndKeepsTheIdentity() {
        Gap open = ledger.open("outage", 900, List.of(), Gap.Cause.DISCONNECT, "closed 1006");
        assertThat(ledger.open("outage", 950, List.of(), Gap.Cause.STALE_FEED, "ignored"))
                .isEqualTo(open);
        now.set(1_500);
        Gap closed = ledger.close("outage", 1_400);
        assertThat(ledger.close("outage", 1_450)).isNull();

        assertThat(records()).hasSize(2);
        Gap first = records().get(0);
        assertThat(first.isOpen()).isTrue();
        assertThat(first.tsMs()).isEqualTo(900);
        assertThat(first.recvMs()).isEqualTo(1_000);
        assertThat(closed.tsMs()).isEqualTo(900);
        assertThat(closed.toMs()).isEqualTo(1_400L);
        assertThat(closed.recvMs()).isEqualTo(1_500);
        assertThat(closed.cause()).isEqualTo(Gap.Cause.DISCONNECT);
        assertThat(closed.recovery()).isEqualTo(Gap.Recovery.NONE);
    }

    @Test
    void recoveryReportedWhileOpenIsAppliedAtCloseAndAddsUp() {
        Gap open = ledger.open("outage", 900, List.of(), Gap.Cause.DISCONNECT, null);
        ledger.recovered(open, Gap.Recovery.PARTIAL, 3);
        ledger.recovered(open, Gap.Recovery.BACKFILLED, 4);
        Gap closed = ledger.close("outage", 1_200);
        assertThat(closed.recovery()).isEqualTo(Gap.Recovery.BACKFILLED);
        assertThat(closed.recovered()).isEqualTo(7);
        assertThat(records()).hasSize(2); // open, closed: the pending recovery published nothing by itself
    }

    @Test
    void recoveryOfAClosedGapReplacesItsRecord() {
        Gap g = ledger.record(
                100, 200, List.of("BTCUSDT"), Gap.Cause.SEQUENCE_GAP, Gap.Recovery.NONE, 0, "trade ids 5..9 missing");
        now.set(2_000);
        Gap replaced = ledger.recovered(g, Gap.Recovery.BACKFILLED, 5);
        assertThat(records()).hasSize(2);
        assertThat(replaced.tsMs()).isEqualTo(100);
        assertThat(replaced.toMs()).isEqualTo(200L);
        assertThat(replaced.recovery()).isEqualTo(Gap.Recovery.BACKFILLED);
        assertThat(replaced.recovered()).isEqualTo(5);
        assertThat(replaced.recvMs()).isEqualTo(2_000);
        assertThat(replaced.detail()).isEqualTo("trade ids 5..9 missing");
    }

    @Test
    void twoGapsOnTheSameTickGetDistinctIdentitiesByWideningTheLater() {
        Gap a = ledger.open("depth:BTCUSDT", 500, List.of("BTCUSDT"), Gap.Cause.SEQUENCE_GAP, null);
        Gap b = ledger.open("depth:ETHUSDT", 500, List.of("ETHUSDT"), Gap.Cause.SEQUENCE_GAP, null);
        Gap c = ledger.open("resync:ETHUSDT", 500, List.of("ETHUSDT"), Gap.Cause.BOOK_RESYNC, null);
        assertThat(a.tsMs()).isEqualTo(500);
        assertThat(b.tsMs()).isEqualTo(499);
        assertThat(c.tsMs()).isEqualTo(500); // another cause: another identity
    }

    @Test
    void closeAllEndsEveryOpenGapAtTheStop() {
        ledger.open("outage", 10, List.of(), Gap.Cause.STALE_FEED, null);
        ledger.open("subscription:1", 20, List.of("SPY"), Gap.Cause.SUBSCRIPTION_ERROR, null);
        ledger.closeAll(30);
        assertThat(ledger.isOpen("outage")).isFalse();
        assertThat(records()).filteredOn(g -> !g.isOpen()).extracting(Gap::toMs).containsExactly(30L, 30L);
    }
}
