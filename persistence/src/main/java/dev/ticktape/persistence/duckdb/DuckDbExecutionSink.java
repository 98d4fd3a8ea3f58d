package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Execution;
import dev.ticktape.model.OptionContract;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts account executions into {@code trades} on {@code (broker, exec_id)}: a broker re-sending a fill (e.g.
 * after a reconnect) replaces the stored row. {@code side} is stored as {@code buy}/{@code sell}; the option
 * columns are NULL for executions without a contract. {@code received_at} is the adapter's receive time,
 * {@code persisted_at} the write time.
 *
 * <p>Writes through its own connection ({@link DuckDbDatabase#openWriter()}); {@link #close()} closes it.
 */
public final class DuckDbExecutionSink extends DuckDbStagedSink<Execution, Execution> {
    static final String COLUMNS = "broker, exec_id, account, order_id, symbol, side, price, qty, ts, contract_key, "
            + "underlying, expiry, strike, option_right, received_at, persisted_at";

    public DuckDbExecutionSink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code persisted_at}. */
    DuckDbExecutionSink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.lastWins(connection, SinkRoute.EXECUTIONS_TABLE, COLUMNS, "broker, exec_id"),
                "executions");
    }

    @Override
    public String name() {
        return "duckdb-executions";
    }

    @Override
    List<Execution> rows(List<Execution> batch) {
        return batch;
    }

    @Override
    void append(DuckDBAppender a, Execution x, long persistedMicros) throws SQLException {
        a.append(x.venue())
                .append(x.execId())
                .append(x.account())
                .append(x.orderId())
                .append(x.symbol())
                .append(x.side().json())
                .append(x.price())
                .append(x.qty())
                .appendEpochMicros(Math.multiplyExact(x.tsMs(), 1000L));
        OptionContract c = x.contract();
        if (c == null) {
            a.appendNull().appendNull().appendNull().appendNull().appendNull();
        } else {
            a.append(c.occ())
                    .append(c.underlying())
                    .append(c.expiry())
                    .append(c.strike())
                    .append(String.valueOf(c.right()));
        }
        a.appendEpochMicros(Math.multiplyExact(x.recvMs(), 1000L)).appendEpochMicros(persistedMicros);
    }
}
