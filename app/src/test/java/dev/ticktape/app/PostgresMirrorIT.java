package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.persistence.postgres.PostgresFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ticktape run --pg-url ...}: PostgreSQL's ohlc_1s ends up equal to DuckDB's, row for row. */
@ExtendWith(SharedKafkaBroker.class)
class PostgresMirrorIT {
    private static final int TRADES = 60_000;

    @Test
    void postgresHoldsExactlyTheBarsDuckDbHolds(@TempDir Path dir) throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        try {
            PlatformSpec spec = TestPlatforms.withPostgres(TestPlatforms.all(dir), url);
            TradeReplay tape = new TradeReplay(
                    TRADES,
                    20,
                    Instant.parse("2025-06-30T23:58:00Z").toEpochMilli(),
                    240_000,
                    150,
                    3); // spans midnight UTC: two day partitions
            try (Platform p = Platform.start(spec)) {
                assertThat(p.awaitStreamsRunning(Duration.ofSeconds(60))).isTrue();
                tape.send(p.gatewayPort(), "pgm", 0, TRADES);
                try (Connection duck = p.database().orElseThrow().openReader();
                        Connection pgc = pg.jdbc(url)) {
                    await().atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(250))
                            .until(() -> TradeReplay.storedTrades(duck, "ohlc_1s", "pgm") >= TRADES
                                    && TradeReplay.storedTrades(pgc, "ohlc_1s", "pgm") >= TRADES);
                    TreeMap<String, TradeReplay.Row> fromDuck = TradeReplay.storedBars(duck, "pgm");
                    TreeMap<String, TradeReplay.Row> fromPg = pgBars(pgc);
                    assertThat(fromPg).hasSize(fromDuck.size()).isEqualTo(fromDuck);
                    try (Statement st = pgc.createStatement();
                            ResultSet rs = st.executeQuery(
                                    "SELECT count(DISTINCT tableoid) FROM ohlc_1s WHERE venue = 'pgm'")) {
                        rs.next();
                        assertThat(rs.getInt(1)).as("day partitions used").isEqualTo(2);
                    }
                }
            }
        } finally {
            pg.dropDatabase(url);
        }
    }

    private static TreeMap<String, TradeReplay.Row> pgBars(Connection c) throws Exception {
        try (Statement st = c.createStatement()) {
            return TradeReplay.rows(
                    st,
                    "SELECT symbol, (extract(epoch FROM \"timestamp\") * 1000)::bigint, open, high,"
                            + " low, close, volume, trades, vwap FROM ohlc_1s WHERE venue = 'pgm'");
        }
    }
}
