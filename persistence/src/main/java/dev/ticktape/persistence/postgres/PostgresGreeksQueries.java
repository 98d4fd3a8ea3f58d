package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.persistence.GreeksSnapshot;
import dev.ticktape.persistence.GreeksSnapshotQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.PersistLatency;
import dev.ticktape.persistence.SinkErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Reads {@code greek_snapshots} from PostgreSQL through the pool; blocks for at most
 * {@link PostgresDatabase#blockTimeout()}. Thread-safe.
 */
public final class PostgresGreeksQueries implements GreeksSnapshotQueries {
    private final PostgresDatabase db;

    public PostgresGreeksQueries(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<GreeksSnapshot> snapshots(
            String broker, String account, String contractKey, Instant from, Instant to, PageKey after, int limit) {
        // r2dbc numbers parameters without gaps: the key columns follow whichever filters are present.
        int k = 5 + (account == null ? 0 : 1) + (contractKey == null ? 0 : 1);
        String sql = "SELECT broker, account, contract_key, underlying, expiry, strike, option_right, ts, delta, "
                + "gamma, theta, vega, rho, iv, underlying_price, mark, received_at, persisted_at, availability "
                + "FROM greek_snapshots WHERE broker = $1 AND ts >= $2 AND ts < $3"
                + (account == null ? "" : " AND account = $5")
                + (contractKey == null ? "" : " AND contract_key = $" + (account == null ? 5 : 6))
                + (after == null
                        ? ""
                        : " AND (ts > $" + k + " OR (ts = $" + k + " AND contract_key > $" + (k + 1) + "))")
                + " ORDER BY ts, contract_key LIMIT $4";
        return query(
                c -> {
                    Statement s = c.createStatement(sql)
                            .bind("$1", broker)
                            .bind("$2", PgTime.utc(from))
                            .bind("$3", PgTime.utc(to))
                            .bind("$4", (long) limit);
                    if (account != null) s.bind("$5", account);
                    // r2dbc numbers parameters without gaps: the contract is $5 when there is no account filter.
                    if (contractKey != null) s.bind(account == null ? "$5" : "$6", contractKey);
                    if (after != null) s.bind("$" + k, PgTime.utc(after.ts())).bind("$" + (k + 1), after.tie(0));
                    return s;
                },
                PostgresGreeksQueries::snapshot);
    }

    @Override
    public PersistLatency persistLatency(Instant from, Instant to) {
        String sql = "WITH l AS (SELECT extract(epoch FROM persisted_at - received_at)::float8 * 1000 AS ms "
                + "FROM greek_snapshots WHERE received_at >= $1 AND received_at < $2) "
                + "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), "
                + "percentile_cont(0.95) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), "
                + "max(ms) FROM l";
        List<PersistLatency> out =
                query(c -> c.createStatement(sql).bind("$1", PgTime.utc(from)).bind("$2", PgTime.utc(to)), r -> {
                    long rows = r.get(0, Long.class);
                    return rows == 0
                            ? PersistLatency.EMPTY
                            : new PersistLatency(
                                    rows,
                                    r.get(1, Double.class),
                                    r.get(2, Double.class),
                                    r.get(3, Double.class),
                                    r.get(4, Double.class));
                });
        return out.get(0);
    }

    private <T> List<T> query(Function<Connection, Statement> statement, Function<Readable, T> row) {
        try {
            return Flux.usingWhen(
                            db.pool().create(),
                            c -> Flux.from(statement.apply(c).execute()).concatMap(res -> res.map(row::apply)),
                            Connection::close)
                    .collectList()
                    .timeout(db.blockTimeout())
                    .block();
        } catch (RuntimeException e) {
            throw new IllegalStateException("query on greek_snapshots failed: " + SinkErrors.describe(e), e);
        }
    }

    private static GreeksSnapshot snapshot(Readable r) {
        OptionContract contract = new OptionContract(
                r.get(3, String.class),
                r.get(4, LocalDate.class),
                r.get(5, Double.class),
                r.get(6, String.class).charAt(0),
                r.get(2, String.class));
        return new GreeksSnapshot(
                r.get(0, String.class),
                r.get(1, String.class),
                contract,
                instant(r, 7),
                r.get(8, Double.class),
                r.get(9, Double.class),
                r.get(10, Double.class),
                r.get(11, Double.class),
                r.get(12, Double.class),
                r.get(13, Double.class),
                r.get(14, Double.class),
                r.get(15, Double.class),
                instant(r, 16),
                instant(r, 17),
                Greeks.Availability.parse(r.get(18, String.class)));
    }

    static Instant instant(Readable r, int index) {
        return r.get(index, OffsetDateTime.class).toInstant();
    }
}
