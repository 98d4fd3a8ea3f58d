package dev.ticktape.persistence.postgres;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.ticktape.model.Greeks;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.SinkRoute;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Upserts Greeks snapshots into the day-partitioned {@code greek_snapshots} of PostgreSQL on
 * {@code (broker, contract_key, ts)}: one {@code INSERT ... SELECT FROM UNNEST(...) ON CONFLICT DO UPDATE} per
 * batch (see {@link PostgresBarSink} for why UNNEST), after reducing repeated keys to the last snapshot and making
 * sure the batch's day partitions exist. Column mapping and {@code persisted_at} as in the DuckDB sink.
 */
public final class PostgresGreeksSink implements EventSink<Greeks> {
    private static final String UPSERT = "INSERT INTO greek_snapshots (broker, account, contract_key, underlying, "
            + "expiry, strike, option_right, ts, delta, gamma, theta, vega, rho, iv, underlying_price, mark, "
            + "received_at, persisted_at, availability) "
            + "SELECT u.broker, u.account, u.contract_key, u.underlying, u.expiry::date, u.strike, u.option_right, "
            + "u.ts, u.delta, u.gamma, u.theta, u.vega, u.rho, u.iv, u.underlying_price, u.mark, u.received_at, $18, u.availability "
            + "FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::float8[], "
            + "$7::text[], $8::timestamptz[], $9::text[]::float8[], $10::text[]::float8[], $11::text[]::float8[], "
            + "$12::text[]::float8[], $13::text[]::float8[], $14::text[]::float8[], $15::text[]::float8[], "
            + "$16::text[]::float8[], $17::timestamptz[], $19::text[]) AS u(broker, account, "
            + "contract_key, "
            + "underlying, expiry, strike, option_right, ts, delta, gamma, theta, vega, rho, iv, underlying_price, "
            + "mark, received_at, availability) "
            + "ON CONFLICT (broker, contract_key, ts) DO UPDATE SET account = EXCLUDED.account, "
            + "underlying = EXCLUDED.underlying, expiry = EXCLUDED.expiry, strike = EXCLUDED.strike, "
            + "option_right = EXCLUDED.option_right, delta = EXCLUDED.delta, gamma = EXCLUDED.gamma, "
            + "theta = EXCLUDED.theta, vega = EXCLUDED.vega, rho = EXCLUDED.rho, iv = EXCLUDED.iv, "
            + "underlying_price = EXCLUDED.underlying_price, mark = EXCLUDED.mark, "
            + "received_at = EXCLUDED.received_at, persisted_at = EXCLUDED.persisted_at, "
            + "availability = EXCLUDED.availability";

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresGreeksSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code persisted_at}. */
    public PostgresGreeksSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-greeks";
    }

    @Override
    public void write(List<Greeks> batch) {
        if (batch.isEmpty()) return;
        Collection<Greeks> rows = UpsertBatch.lastPerKey(
                batch, g -> new Key(g.venue(), g.contract().occ(), g.tsMs()));
        UpsertBatch.write(
                db,
                clock,
                batch.size() + " Greeks snapshots",
                () -> ensurePartitions(rows),
                (c, at) -> upsert(c, rows, at));
    }

    private void ensurePartitions(Collection<Greeks> rows) throws SQLException {
        db.partitions().ensure(SinkRoute.GREEKS_TABLE, UpsertBatch.days(rows, Greeks::tsMs));
    }

    /** One statement in auto-commit: atomic on its own. */
    private static Flux<Long> upsert(Connection c, Collection<Greeks> rows, OffsetDateTime persistedAt) {
        int n = rows.size();
        String[] broker = new String[n];
        String[] account = new String[n];
        String[] key = new String[n];
        String[] underlying = new String[n];
        String[] expiry = new String[n];
        String[] strike = new String[n];
        String[] right = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[][] measures = new String[8][n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] availability = new String[n];
        int i = 0;
        for (Greeks g : rows) {
            broker[i] = g.venue();
            account[i] = g.account();
            key[i] = g.contract().occ();
            underlying[i] = g.contract().underlying();
            expiry[i] = g.contract().expiry().toString();
            strike[i] = text(g.contract().strike());
            right[i] = String.valueOf(g.contract().right());
            ts[i] = PgTime.utcMillis(g.tsMs());
            measures[0][i] = text(g.delta());
            measures[1][i] = text(g.gamma());
            measures[2][i] = text(g.theta());
            measures[3][i] = text(g.vega());
            measures[4][i] = text(g.rho());
            measures[5][i] = text(g.iv());
            measures[6][i] = text(g.underlyingPrice());
            measures[7][i] = text(g.mark());
            received[i] = PgTime.utcMillis(g.recvMs());
            availability[i] = g.availability().json();
            i++;
        }
        var s = c.createStatement(UPSERT)
                .bind("$1", broker)
                .bind("$2", account)
                .bind("$3", key)
                .bind("$4", underlying)
                .bind("$5", expiry)
                .bind("$6", strike)
                .bind("$7", right)
                .bind("$8", ts);
        for (int m = 0; m < measures.length; m++) s.bind("$" + (9 + m), measures[m]);
        s.bind("$17", received).bind("$18", persistedAt).bind("$19", availability);
        return Flux.from(s.execute()).concatMap(Result::getRowsUpdated);
    }

    /**
     * A measure as PostgreSQL {@code float8} text, or null. The driver would format a {@code Double[]} with the
     * JDK's {@link Double#toString}, whose slow path (big-integer digit generation on JDK 17) was the top CPU frame of
     * the PostgreSQL Greeks write; Jackson's shortest-representation writer gives the same value (it round-trips
     * exactly) at a fraction of the cost. {@code NaN} and {@code Infinity} are spelled as PostgreSQL reads them.
     */
    static String text(Double v) {
        if (v == null) return null;
        if (v.isNaN()) return "NaN";
        if (v.isInfinite()) return v > 0 ? "Infinity" : "-Infinity";
        return NumberOutput.toString(v, true);
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record Key(String broker, String contractKey, long tsMs) {}
}
