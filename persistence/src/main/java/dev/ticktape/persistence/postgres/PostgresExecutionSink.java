package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Execution;
import dev.ticktape.model.OptionContract;
import dev.ticktape.persistence.EventSink;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Upserts account executions into {@code executions} of PostgreSQL on {@code (broker, exec_id)}, one UNNEST statement
 * per batch (see {@link PostgresBarSink}). The table is not partitioned (its key has no time column). Column
 * mapping as in the DuckDB sink.
 */
public final class PostgresExecutionSink implements EventSink<Execution> {
    private static final String UPSERT =
            "INSERT INTO executions (broker, exec_id, account, order_id, symbol, side, price, "
                    + "qty, ts, contract_key, underlying, expiry, strike, option_right, received_at, persisted_at) "
                    + "SELECT u.broker, u.exec_id, u.account, u.order_id, u.symbol, u.side, u.price, u.qty, u.ts, "
                    + "u.contract_key, u.underlying, u.expiry::date, u.strike, u.option_right, u.received_at, $16 "
                    + "FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], "
                    + "$8::float8[], $9::timestamptz[], $10::text[], $11::text[], $12::text[], $13::float8[], $14::text[], "
                    + "$15::timestamptz[]) AS u(broker, exec_id, account, order_id, symbol, side, price, qty, ts, "
                    + "contract_key, underlying, expiry, strike, option_right, received_at) "
                    + "ON CONFLICT (broker, exec_id) DO UPDATE SET account = EXCLUDED.account, "
                    + "order_id = EXCLUDED.order_id, symbol = EXCLUDED.symbol, side = EXCLUDED.side, "
                    + "price = EXCLUDED.price, qty = EXCLUDED.qty, ts = EXCLUDED.ts, contract_key = EXCLUDED.contract_key, "
                    + "underlying = EXCLUDED.underlying, expiry = EXCLUDED.expiry, strike = EXCLUDED.strike, "
                    + "option_right = EXCLUDED.option_right, received_at = EXCLUDED.received_at, "
                    + "persisted_at = EXCLUDED.persisted_at";

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresExecutionSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code persisted_at}. */
    public PostgresExecutionSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-executions";
    }

    @Override
    public void write(List<Execution> batch) {
        if (batch.isEmpty()) return;
        Collection<Execution> rows = UpsertBatch.lastPerKey(batch, x -> new Key(x.venue(), x.execId()));
        UpsertBatch.write(db, clock, batch.size() + " executions", () -> {}, (c, at) -> upsert(c, rows, at));
    }

    /** One statement in auto-commit: atomic on its own. */
    private static Flux<Long> upsert(Connection c, Collection<Execution> rows, OffsetDateTime persistedAt) {
        int n = rows.size();
        String[][] text = new String[10][n]; // broker exec_id account order_id symbol side key underlying expiry right
        Double[] price = new Double[n];
        Double[] qty = new Double[n];
        Double[] strike = new Double[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        int i = 0;
        for (Execution x : rows) {
            text[0][i] = x.venue();
            text[1][i] = x.execId();
            text[2][i] = x.account();
            text[3][i] = x.orderId();
            text[4][i] = x.symbol();
            text[5][i] = x.side().json();
            OptionContract k = x.contract();
            if (k != null) {
                text[6][i] = k.occ();
                text[7][i] = k.underlying();
                text[8][i] = k.expiry().toString();
                text[9][i] = String.valueOf(k.right());
                strike[i] = k.strike();
            }
            price[i] = x.price();
            qty[i] = x.qty();
            ts[i] = PgTime.utcMillis(x.tsMs());
            received[i] = PgTime.utcMillis(x.recvMs());
            i++;
        }
        var s = c.createStatement(UPSERT);
        for (int t = 0; t < 6; t++) s.bind("$" + (t + 1), text[t]);
        s.bind("$7", price)
                .bind("$8", qty)
                .bind("$9", ts)
                .bind("$10", text[6])
                .bind("$11", text[7])
                .bind("$12", text[8])
                .bind("$13", strike)
                .bind("$14", text[9])
                .bind("$15", received)
                .bind("$16", persistedAt);
        return Flux.from(s.execute()).concatMap(Result::getRowsUpdated);
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record Key(String broker, String execId) {}
}
