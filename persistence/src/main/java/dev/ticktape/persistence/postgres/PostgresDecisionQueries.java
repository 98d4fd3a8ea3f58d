package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.DecisionQueries;
import dev.ticktape.persistence.DecisionSql;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredDecision;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;

/**
 * Reads the decision tables and {@code stream_actions_latest} from PostgreSQL ({@link DecisionSql}) through the
 * pool; blocks for at most {@link PostgresDatabase#blockTimeout()}. Thread-safe.
 */
public final class PostgresDecisionQueries implements DecisionQueries {
    private final PostgresDatabase db;

    public PostgresDecisionQueries(PostgresDatabase db) {
        this.db = db;
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
        return p.read.list(db, "decision query", DecisionSql.count(p, runId), r -> r.get(0, Long.class))
                .get(0);
    }

    private List<StoredDecision> decisions(String sql, Params p) {
        return p.read.list(db, "decision query", sql, r -> DecisionSql.read(new Columns(r)));
    }

    /** Numbered parameters of one {@link PostgresRead}; times as UTC {@code timestamptz}. */
    private static final class Params implements DecisionSql.Params {
        final PostgresRead read = new PostgresRead();

        @Override
        public String value(Object value) {
            return read.param(value);
        }

        @Override
        public String time(Instant t) {
            return read.param(PgTime.utc(t));
        }

        @Override
        public String read(String column) {
            return column;
        }
    }

    /** The current row of an R2DBC result, by position from 0. */
    private record Columns(Readable r) implements DecisionSql.Columns<RuntimeException> {
        @Override
        public String text(int i) {
            return r.get(i, String.class);
        }

        @Override
        public double real(int i) {
            return r.get(i, Double.class);
        }

        @Override
        public int integer(int i) {
            return r.get(i, Integer.class);
        }

        @Override
        public boolean bool(int i) {
            return r.get(i, Boolean.class);
        }

        @Override
        public Instant time(int i) {
            return PostgresGreeksQueries.instant(r, i);
        }
    }
}
