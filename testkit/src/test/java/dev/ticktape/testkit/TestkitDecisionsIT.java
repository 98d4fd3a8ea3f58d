package dev.ticktape.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.persistence.postgres.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit with everything switched on: decisions, a PostgreSQL sink, Greeks published as an adapter would.
 * Oracles: the trades this test sent, and a GROUP BY over the rows PostgreSQL holds.
 */
class TestkitDecisionsIT {
    private static final String PG_URL = PostgresFixture.get().createDatabase();
    private static final String SYMBOL = "SOLUSDT";

    @RegisterExtension
    static TicktapeExtension ticktape = TicktapeExtension.embedded()
            .decisions("testkit-run")
            .postgres(() -> PG_URL)
            .build();

    @AfterAll
    static void dropDatabase() {
        PostgresFixture.get().dropDatabase(PG_URL);
    }

    @Test
    @Timeout(30)
    void everySentSecondGetsABarInBothStoresAndADecision() throws Exception {
        // Three seconds that just ended, 5 trades each: each second's volume is known up front.
        long now = System.currentTimeMillis() / 1000 * 1000;
        List<Long> seconds = List.of(now - 3000, now - 2000, now - 1000);
        List<String> lines = new ArrayList<>();
        Map<Long, Double> volume = new HashMap<>();
        for (long s : seconds) {
            for (int i = 0; i < 5; i++) {
                double qty = 1 + i;
                lines.add(Ndjson.trade(SYMBOL, s + 100L * i, 150.0 + i, qty));
                volume.merge(s, qty, Double::sum);
            }
        }
        ticktape.send(lines);

        for (long s : seconds) {
            JsonNode bar = ticktape.awaitBar("ndjson", SYMBOL, s);
            assertThat(bar.path("trades").asInt()).isEqualTo(5);
            assertThat(bar.path("volume").asDouble()).isEqualTo(volume.get(s));
        }
        // One decision per completed 1s bar, each at a second that was sent.
        List<JsonNode> decisions = ticktape.awaitDecisions("ndjson", SYMBOL, seconds.size());
        Set<Long> decided = decisions.stream()
                .map(d -> Instant.parse(d.path("timestamp").asText()).toEpochMilli())
                .collect(Collectors.toSet());
        assertThat(decided).containsExactlyInAnyOrderElementsOf(seconds);
        assertThat(decisions).allMatch(d -> d.path("run_id").asText().equals("testkit-run"));

        // PostgreSQL got the same bars (its sink is a consumer of its own, so it may trail DuckDB): trades and volume
        // per second by SQL.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    try (Connection c = PostgresFixture.get().jdbc(PG_URL);
                            Statement st = c.createStatement();
                            ResultSet rs =
                                    st.executeQuery("SELECT \"timestamp\", sum(trades), sum(volume) FROM ohlc_1s "
                                            + "WHERE symbol = '" + SYMBOL + "' GROUP BY \"timestamp\" ORDER BY 1")) {
                        Map<Long, Double> stored = new HashMap<>();
                        while (rs.next()) {
                            assertThat(rs.getLong(2)).isEqualTo(5);
                            stored.put(rs.getTimestamp(1).getTime(), rs.getDouble(3));
                        }
                        assertThat(stored).isEqualTo(volume);
                    }
                });
    }

    @Test
    @Timeout(30)
    void greeksPublishedLikeAnAdapterAreQueryable() {
        LocalDate expiry = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        String occ = String.format(
                Locale.ROOT,
                "SPY   %sC00500000",
                expiry.format(java.time.format.DateTimeFormatter.ofPattern("yyMMdd")));
        long ts = System.currentTimeMillis();
        String json = String.format(
                Locale.ROOT,
                "{\"type\":\"greeks\",\"venue\":\"tastytrade\",\"symbol\":\"%s\",\"ts_ms\":%d,\"recv_ms\":%d,"
                        + "\"account\":\"TEST1\",\"contract\":{\"underlying\":\"SPY\",\"expiry\":\"%s\","
                        + "\"strike\":500,\"right\":\"C\",\"occ\":\"%s\"},\"delta\":0.42,\"gamma\":0.01,"
                        + "\"theta\":-0.2,\"vega\":0.5,\"rho\":0.1,\"iv\":0.18,\"underlying_price\":495.0,\"mark\":12.3}",
                occ.replace(" ", ""),
                ts,
                ts,
                expiry,
                occ);
        ticktape.publish("md.greeks", "tastytrade:" + occ.replace(" ", ""), json);

        List<JsonNode> greeks = ticktape.awaitGreeks("tastytrade");
        assertThat(greeks).hasSize(1);
        assertThat(greeks.get(0).path("delta").asDouble()).isEqualTo(0.42);
        assertThat(greeks.get(0).path("contract").path("occ").asText()).isEqualTo(occ);
    }
}
