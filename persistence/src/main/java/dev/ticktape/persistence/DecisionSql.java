package dev.ticktape.persistence;

import dev.ticktape.model.Decision;
import java.time.Instant;
import java.util.List;

/**
 * The decision tables as both stores share them: their columns, the SQL of {@link DecisionQueries} and how its rows
 * become {@link StoredDecision}s. The stores differ only in how a parameter, a time parameter and a time column are
 * written ({@link Params}) and how a column is read ({@link Columns}).
 */
public final class DecisionSql {
    /** The primary key of both tables: a redelivered or replayed decision is the same row. */
    public static final String KEY = "run_id, venue, symbol, \"timestamp\"";

    /** The columns of {@code stream_state} a decision fills, in table order; {@code ingested_at} follows them. */
    public static final List<String> STATE = List.of(
            "\"timestamp\"", "venue", "symbol", "close", "state", "gate_open", "posture", "source_file", "run_id");

    /** The columns of {@code stream_actions} a decision fills, in table order; {@code ingested_at} follows them. */
    public static final List<String> ACTIONS = List.of(
            "\"timestamp\"",
            "venue",
            "symbol",
            "state",
            "direction",
            "target_exposure",
            "delta_exposure",
            "urgency",
            "hold",
            "actionability",
            "reason",
            "gate_open",
            "posture",
            "cost",
            "source_file",
            "run_id",
            "computed_at");

    /** A stored action joined with its state row (for the close), in {@link #read} order. */
    private static final String SELECT = "SELECT a.venue, a.symbol, %1$s, %2$s, a.run_id, s.close, a.state, "
            + "a.direction, a.target_exposure, a.delta_exposure, a.urgency, a.hold, a.actionability, a.reason, "
            + "a.gate_open, a.posture, a.cost, a.source_file, %3$s FROM %4$s a JOIN stream_state s "
            + "ON s.run_id = a.run_id AND s.venue = a.venue AND s.symbol = a.symbol AND s.\"timestamp\" = a.\"timestamp\"";

    /** The placeholders of one query, bound in the order the SQL is built. */
    public interface Params {
        /** The placeholder of a new parameter bound to {@code value} (not null). */
        String value(Object value);

        /** The placeholder of a new parameter bound to the time {@code t}. */
        String time(Instant t);

        /** An expression that reads the time column {@code column} in the form {@link Columns#time} takes. */
        String read(String column);
    }

    /**
     * Reads a column of the current row by position, from 0.
     *
     * @param <E> what reading may throw
     */
    public interface Columns<E extends Exception> {
        String text(int i) throws E;

        double real(int i) throws E;

        int integer(int i) throws E;

        boolean bool(int i) throws E;

        Instant time(int i) throws E;
    }

    private DecisionSql() {}

    /** The table's columns a decision fills, then {@code ingested_at}: a column list for an INSERT. */
    public static String columns(List<String> filled) {
        return String.join(", ", filled) + ", ingested_at";
    }

    /** The stored {@code source_file}: the decision's own, or {@code live:SYMBOL} when it has none, as for bars. */
    public static String sourceFile(Decision d) {
        return d.sourceFile() != null ? d.sourceFile() : "live:" + d.symbol();
    }

    /** The query of {@link DecisionQueries#latest}. */
    public static String latest(Params p, String venue, String symbol) {
        StringBuilder sql = select(p, "stream_actions_latest").append(" WHERE TRUE");
        filters(sql, p, venue, symbol, null);
        return sql.append(" ORDER BY a.venue, a.symbol").toString();
    }

    /** The query of {@link DecisionQueries#actions}. */
    public static String actions(
            Params p, String venue, String symbol, String runId, Instant from, Instant to, PageKey after, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
        StringBuilder sql = select(p, "stream_actions");
        sql.append(" WHERE a.\"timestamp\" >= ").append(p.time(from));
        sql.append(" AND a.\"timestamp\" < ").append(p.time(to));
        filters(sql, p, venue, symbol, runId);
        if (after != null) {
            sql.append(" AND (a.\"timestamp\" > ").append(p.time(after.ts()));
            sql.append(" OR (a.\"timestamp\" = ").append(p.time(after.ts()));
            sql.append(" AND (a.venue > ").append(p.value(after.tie(0)));
            sql.append(" OR (a.venue = ").append(p.value(after.tie(0)));
            sql.append(" AND (a.symbol > ").append(p.value(after.tie(1)));
            sql.append(" OR (a.symbol = ").append(p.value(after.tie(1)));
            sql.append(" AND a.run_id > ").append(p.value(after.tie(2))).append("))))))");
        }
        sql.append(" ORDER BY a.\"timestamp\", a.venue, a.symbol, a.run_id LIMIT ");
        return sql.append(p.value((long) limit)).toString();
    }

    /** The query of {@link DecisionQueries#count}: one row, one whole number. */
    public static String count(Params p, String runId) {
        return "SELECT count(*) FROM stream_actions" + (runId == null ? "" : " WHERE run_id = " + p.value(runId));
    }

    /** The current row of {@link #latest} or {@link #actions}. */
    public static <E extends Exception> StoredDecision read(Columns<E> c) throws E {
        Decision d = new Decision(
                c.text(0),
                c.text(1),
                c.time(2).toEpochMilli(),
                c.time(3).toEpochMilli(),
                c.text(4),
                c.real(5),
                c.integer(6),
                c.text(7),
                c.real(8),
                c.real(9),
                c.real(10),
                c.bool(11),
                c.real(12),
                c.text(13),
                c.bool(14),
                Decision.Posture.parse(c.text(15)),
                c.real(16),
                c.text(17));
        return new StoredDecision(d, c.time(18));
    }

    private static StringBuilder select(Params p, String from) {
        String ts = p.read("a.\"timestamp\"");
        String computed = p.read("a.computed_at");
        String ingested = p.read("a.ingested_at");
        return new StringBuilder(String.format(SELECT, ts, computed, ingested, from));
    }

    /** Appends the optional venue, symbol and run filters. */
    private static void filters(StringBuilder sql, Params p, String venue, String symbol, String runId) {
        if (venue != null) sql.append(" AND a.venue = ").append(p.value(venue));
        if (symbol != null) sql.append(" AND a.symbol = ").append(p.value(symbol));
        if (runId != null) sql.append(" AND a.run_id = ").append(p.value(runId));
    }
}
