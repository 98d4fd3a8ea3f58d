package dev.ticktape.persistence.duckdb;

import dev.ticktape.persistence.DecisionQueries;
import dev.ticktape.persistence.DecisionSql;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredDecision;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the decision tables and {@code stream_actions_latest} from the DuckDB file ({@link DecisionSql}), each call
 * on its own reader connection. Times are bound and read as epoch microseconds, so the JVM time zone never enters.
 */
public final class DuckDbDecisionQueries implements DecisionQueries {
    private final DuckDbDatabase database;

    public DuckDbDecisionQueries(DuckDbDatabase database) {
        this.database = database;
    }

    @Override
    public List<StoredDecision> latest(String venue, String symbol) {
        Params p = new Params();
        return decisions(DecisionSql.latest(p, venue, symbol), p);
    }

    @Override
    public List<StoredDecision> actions(
            String venue, String symbol, String runId, Instant from, Instant to, PageKey after, int limit) {
        Params p = new Params();
        return decisions(DecisionSql.actions(p, venue, symbol, runId, from, to, after, limit), p);
    }

    @Override
    public long count(String runId) {
        Params p = new Params();
        return DuckDbRead.list(database, "decision query", DecisionSql.count(p, runId), p.args, r -> r.getLong(1))
                .get(0);
    }

    private List<StoredDecision> decisions(String sql, Params p) {
        return DuckDbRead.list(database, "decision query", sql, p.args, r -> DecisionSql.read(new Columns(r)));
    }

    /** Positional {@code ?} parameters; times as epoch microseconds for {@code make_timestamp(?)}. */
    private static final class Params implements DecisionSql.Params {
        final List<Object> args = new ArrayList<>();

        @Override
        public String value(Object value) {
            args.add(value);
            return "?";
        }

        @Override
        public String time(Instant t) {
            args.add(DuckDbBarSink.micros(t));
            return "make_timestamp(?)";
        }

        @Override
        public String read(String column) {
            return "epoch_us(" + column + ")";
        }
    }

    /** The current row of a JDBC result, by position from 0. */
    private record Columns(ResultSet r) implements DecisionSql.Columns<SQLException> {
        @Override
        public String text(int i) throws SQLException {
            return r.getString(i + 1);
        }

        @Override
        public double real(int i) throws SQLException {
            return r.getDouble(i + 1);
        }

        @Override
        public int integer(int i) throws SQLException {
            return r.getInt(i + 1);
        }

        @Override
        public boolean bool(int i) throws SQLException {
            return r.getBoolean(i + 1);
        }

        @Override
        public Instant time(int i) throws SQLException {
            return DuckDbGreeksQueries.micros(r.getLong(i + 1));
        }
    }
}
