package dev.ticktape.persistence.duckdb;

import dev.ticktape.model.Decision;
import dev.ticktape.persistence.DecisionSql;
import dev.ticktape.persistence.SinkRoute;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Upserts each decision into {@code stream_actions} and {@code stream_state} in one transaction, both on
 * {@code (run_id, venue, symbol, "timestamp")}: {@code "timestamp"} is the decision's {@code tsMs} (the bar start),
 * {@code computed_at} its {@code recvMs}, {@code posture} the posture's name, {@code source_file} its source or
 * {@code live:SYMBOL}, and {@code ingested_at} the write time. A repeated key keeps the last decision, within a
 * batch and across batches: a redelivered decision is the same row.
 */
public final class DuckDbDecisionSink extends DuckDbStagedSink<Decision, Decision> {
    private final DuckDbStagedUpsert state;

    public DuckDbDecisionSink(DuckDbDatabase database) throws SQLException {
        this(database.openWriter(), Clock.systemUTC());
    }

    /** Takes ownership of {@code connection}; {@code clock} stamps {@code ingested_at}. */
    DuckDbDecisionSink(DuckDBConnection connection, Clock clock) throws SQLException {
        super(
                connection,
                clock,
                DuckDbStagedUpsert.lastWins(
                        connection,
                        SinkRoute.DECISION_ACTIONS_TABLE,
                        DecisionSql.columns(DecisionSql.ACTIONS),
                        DecisionSql.KEY),
                "decisions");
        state = DuckDbStagedUpsert.lastWins(
                connection, SinkRoute.DECISION_STATE_TABLE, DecisionSql.columns(DecisionSql.STATE), DecisionSql.KEY);
    }

    @Override
    public String name() {
        return "duckdb-decisions";
    }

    @Override
    List<Decision> rows(List<Decision> batch) {
        return batch;
    }

    /** One row of {@code stream_actions}. */
    @Override
    void append(DuckDBAppender a, Decision d, long ingestedMicros) throws SQLException {
        a.appendEpochMicros(Math.multiplyExact(d.tsMs(), 1000L))
                .append(d.venue())
                .append(d.symbol())
                .append(d.state())
                .append(d.direction())
                .append(d.targetExposure())
                .append(d.deltaExposure())
                .append(d.urgency())
                .append(d.hold())
                .append(d.actionability())
                .append(d.reason())
                .append(d.gateOpen())
                .append(d.posture().name())
                .append(d.cost())
                .append(DecisionSql.sourceFile(d))
                .append(d.runId())
                .appendEpochMicros(Math.multiplyExact(d.recvMs(), 1000L))
                .appendEpochMicros(ingestedMicros);
    }

    /** The {@code stream_state} rows, in the transaction of the actions. */
    @Override
    void alongside(List<Decision> batch, long ingestedMicros) throws SQLException {
        state.move(
                batch,
                (a, d) -> a.appendEpochMicros(Math.multiplyExact(d.tsMs(), 1000L))
                        .append(d.venue())
                        .append(d.symbol())
                        .append(d.close())
                        .append(d.state())
                        .append(d.gateOpen())
                        .append(d.posture().name())
                        .append(DecisionSql.sourceFile(d))
                        .append(d.runId())
                        .appendEpochMicros(ingestedMicros));
    }
}
