package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Execution;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import dev.ticktape.persistence.ExecutionQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.SinkErrors;
import dev.ticktape.persistence.StoredExecution;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import reactor.core.publisher.Flux;

/** Reads {@code executions} (account fills) from PostgreSQL through the pool. Thread-safe. */
public final class PostgresExecutionQueries implements ExecutionQueries {
    private final PostgresDatabase db;

    public PostgresExecutionQueries(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public List<StoredExecution> executions(
            String broker, String account, Instant from, Instant to, PageKey after, int limit) {
        // r2dbc numbers parameters without gaps: the key columns follow whichever filters are present.
        int k = 4 + (broker == null ? 0 : 1) + (account == null ? 0 : 1);
        String sql = "SELECT broker, exec_id, account, order_id, symbol, side, price, qty, ts, contract_key, "
                + "underlying, expiry, strike, option_right, received_at, persisted_at FROM executions "
                + "WHERE ts >= $1 AND ts < $2" + (broker == null ? "" : " AND broker = $4")
                + (account == null ? "" : " AND account = $" + (broker == null ? 4 : 5))
                + (after == null
                        ? ""
                        : " AND (ts > $" + k + " OR (ts = $" + k + " AND (broker > $" + (k + 1) + " OR (broker = $"
                                + (k + 1) + " AND exec_id > $" + (k + 2) + "))))")
                + " ORDER BY ts, broker, exec_id LIMIT $3";
        try {
            return Flux.usingWhen(
                            db.pool().create(),
                            c -> {
                                Statement s = c.createStatement(sql)
                                        .bind("$1", PgTime.utc(from))
                                        .bind("$2", PgTime.utc(to))
                                        .bind("$3", (long) limit);
                                if (broker != null) s.bind("$4", broker);
                                // r2dbc numbers parameters without gaps: the account is $4 when there is no broker
                                // filter.
                                if (account != null) s.bind(broker == null ? "$4" : "$5", account);
                                if (after != null) {
                                    s.bind("$" + k, PgTime.utc(after.ts()))
                                            .bind("$" + (k + 1), after.tie(0))
                                            .bind("$" + (k + 2), after.tie(1));
                                }
                                return Flux.from(s.execute())
                                        .concatMap(res -> res.map(PostgresExecutionQueries::execution));
                            },
                            Connection::close)
                    .collectList()
                    .timeout(db.blockTimeout())
                    .block();
        } catch (RuntimeException e) {
            throw new IllegalStateException("query on executions failed: " + SinkErrors.describe(e), e);
        }
    }

    private static StoredExecution execution(Readable r) {
        String occ = r.get(9, String.class);
        OptionContract contract = occ == null
                ? null
                : new OptionContract(
                        r.get(10, String.class),
                        r.get(11, LocalDate.class),
                        r.get(12, Double.class),
                        r.get(13, String.class).charAt(0),
                        occ);
        Instant received = PostgresGreeksQueries.instant(r, 14);
        Execution x = new Execution(
                r.get(0, String.class),
                r.get(4, String.class),
                PostgresGreeksQueries.instant(r, 8).toEpochMilli(),
                received.toEpochMilli(),
                r.get(2, String.class),
                r.get(3, String.class),
                r.get(1, String.class),
                Side.parse(r.get(5, String.class)),
                r.get(6, Double.class),
                r.get(7, Double.class),
                contract);
        return new StoredExecution(x, received, PostgresGreeksQueries.instant(r, 15));
    }
}
