package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts Greeks snapshots into {@code greek_snapshots} on {@code (broker, contract_key, ts)}. {@code broker} is the
 * event venue, {@code contract_key} the OCC symbol, {@code ts} the broker time, {@code received_at} the adapter's
 * receive time and {@code persisted_at} the write time (one value per batch, taken just before the write, so
 * {@code persisted_at - received_at} undercounts the latency by at most the transaction time). Measures the broker
 * did not send stay NULL. {@code availability} is the broker's mark in lower case ({@code realtime},
 * {@code delayed}, {@code frozen}).
 *
 * <p>Writes through its own connection ({@link DuckDbDatabase#openWriter()}), so it runs on its own worker thread
 * next to the bar sink; {@link #close()} closes that connection.
 */
public final class DuckDbGreeksSink extends DuckDbStagedSink<Greeks, Greeks> {
    static final String COLUMNS = "broker, account, contract_key, underlying, expiry, strike, option_right, ts, "
            + "delta, gamma, theta, vega, rho, iv, underlying_price, mark, received_at, persisted_at, availability";

    public DuckDbGreeksSink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code persisted_at}. */
    DuckDbGreeksSink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.lastWins(connection, SinkRoute.GREEKS_TABLE, COLUMNS, "broker, contract_key, ts"),
                "Greeks snapshots");
    }

    @Override
    public String name() {
        return "duckdb-greeks";
    }

    @Override
    List<Greeks> rows(List<Greeks> batch) {
        return batch;
    }

    @Override
    void append(DuckDBAppender a, Greeks g, long persistedMicros) throws SQLException {
        OptionContract c = g.contract();
        a.append(g.venue())
                .append(g.account())
                .append(c.occ())
                .append(c.underlying())
                .append(c.expiry())
                .append(c.strike())
                .append(String.valueOf(c.right()))
                .appendEpochMicros(Math.multiplyExact(g.tsMs(), 1000L))
                .append(g.delta())
                .append(g.gamma())
                .append(g.theta())
                .append(g.vega())
                .append(g.rho())
                .append(g.iv())
                .append(g.underlyingPrice())
                .append(g.mark())
                .appendEpochMicros(Math.multiplyExact(g.recvMs(), 1000L))
                .appendEpochMicros(persistedMicros)
                .append(g.availability().json());
    }
}
