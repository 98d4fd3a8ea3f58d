package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarQueries;
import dev.ticktape.persistence.InstrumentStats;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.SeriesSummary;
import dev.ticktape.persistence.StoredBar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BarsRouteTest {
    /** Records the query it was asked and answers one bar. */
    private static final class RecordingQueries implements BarQueries {
        final List<Object[]> calls = new ArrayList<>();

        @Override
        public List<StoredBar> storedBars(
                BarInterval interval, String venue, String symbol, Instant from, Instant to, PageKey after, int limit) {
            calls.add(new Object[] {interval, venue, symbol, from, to, after, limit});
            Bar b = new Bar(
                    interval,
                    "ndjson",
                    symbol,
                    1_699_999_980_000L + (interval == BarInterval.S1 ? 20_000 : 0),
                    0,
                    1,
                    2,
                    0.5,
                    1.5,
                    3,
                    4,
                    1.2,
                    "live:" + symbol);
            return List.of(new StoredBar(b, Instant.parse("2023-11-14T22:13:21.5Z")));
        }

        @Override
        public List<InstrumentStats> instruments(BarInterval interval) {
            return List.of();
        }

        @Override
        public List<SeriesSummary> series(BarInterval interval) {
            return List.of();
        }
    }

    private final RecordingQueries queries = new RecordingQueries();
    private final BarsRoute route = new BarsRoute(queries, null, new Forwarder(), null);

    @Test
    void passesNormalisedParametersToTheQuery() throws Exception {
        HttpEdge.Response r = route.handle(Map.of(
                "symbol",
                "btcusdt",
                "venue",
                "Binance",
                "interval",
                "1m",
                "from",
                "1700000000000",
                "to",
                "2023-11-15T00:00:00Z",
                "limit",
                "5"));
        assertThat(r.status()).isEqualTo(200);
        Object[] call = queries.calls.get(0);
        assertThat(call)
                .containsExactly(
                        BarInterval.M1,
                        "binance",
                        "BTCUSDT",
                        Instant.ofEpochMilli(1_700_000_000_000L),
                        Instant.parse("2023-11-15T00:00:00Z"),
                        null,
                        6); // one more than the page, to know whether it is truncated
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersBarsWithTheStoredColumns() throws Exception {
        Map<String, Object> body =
                (Map<String, Object>) route.handle(Map.of("symbol", "X")).body();
        List<Map<String, Object>> bars = (List<Map<String, Object>>) body.get("bars");
        assertThat(body.get("count")).isEqualTo(1);
        assertThat(bars.get(0))
                .containsEntry("ts_ms", 1_700_000_000_000L)
                .containsEntry("trades", 4L)
                .containsEntry("source_file", "live:X")
                .containsEntry("ingested_at", "2023-11-14T22:13:21.500Z")
                .containsEntry("time", "2023-11-14T22:13:20Z");
    }

    @Test
    void defaultsToTheLastHourOfOneSecondBarsOverAllVenues() throws Exception {
        route.handle(Map.of("symbol", "X"));
        Object[] call = queries.calls.get(0);
        assertThat(call[0]).isEqualTo(BarInterval.S1);
        assertThat(call[1]).isNull();
        assertThat(((Instant) call[4]).toEpochMilli() - ((Instant) call[3]).toEpochMilli())
                .isEqualTo(3_600_000L);
    }

    @Test
    void rejectsBadParametersWithAClearMessage() {
        assertThatThrownBy(() -> route.handle(Map.of())).hasMessageContaining("symbol is required");
        assertThatThrownBy(() -> route.handle(Map.of("symbol", "X", "interval", "5m")))
                .hasMessageContaining("1s or 1m");
        assertThatThrownBy(() -> route.handle(Map.of("symbol", "X", "from", "yesterday")))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> route.handle(Map.of("symbol", "X", "from", "2", "to", "1")))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> route.handle(Map.of("symbol", "X", "limit", "0")))
                .hasMessageContaining("limit");
    }

    @Test
    void decodesQueryStrings() {
        assertThat(HttpEdge.query("symbol=BTC%2FUSD&venue=&x"))
                .containsEntry("symbol", "BTC/USD")
                .containsEntry("venue", "")
                .containsEntry("x", "");
        assertThat(HttpEdge.query(null)).isEmpty();
    }
}
