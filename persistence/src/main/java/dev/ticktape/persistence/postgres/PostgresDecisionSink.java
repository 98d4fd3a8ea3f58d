package dev.ticktape.persistence.postgres;

import dev.ticktape.model.Decision;
import dev.ticktape.persistence.DecisionSql;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.SinkRoute;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/**
 * Upserts each decision into the day-partitioned (on {@code "timestamp"}) {@code stream_actions} and
 * {@code stream_state} of PostgreSQL, both on {@code (run_id, venue, symbol, "timestamp")}, in one statement per
 * batch: the UNNEST of the batch's columns feeds both INSERTs (the state's in a data-modifying WITH), so the two
 * tables change together or not at all. A repeated key keeps the last decision. Column mapping as in the DuckDB
 * sink.
 */
public final class PostgresDecisionSink implements EventSink<Decision> {
    /** The UNNEST columns, {@code $1..$18}, and their array types; {@code $19} is {@code ingested_at}. */
    private static final List<String> INPUT = List.of(
            "\"timestamp\" timestamptz",
            "venue text",
            "symbol text",
            "close float8",
            "state int4",
            "direction text",
            "target_exposure float8",
            "delta_exposure float8",
            "urgency float8",
            "hold bool",
            "actionability float8",
            "reason text",
            "gate_open bool",
            "posture text",
            "cost float8",
            "source_file text",
            "run_id text",
            "computed_at timestamptz");

    private static final String UPSERT = "WITH u AS (SELECT * FROM UNNEST(" + unnest() + ") AS u("
            + INPUT.stream().map(c -> c.substring(0, c.lastIndexOf(' '))).collect(Collectors.joining(", "))
            + ")), s AS (" + insert(SinkRoute.DECISION_STATE_TABLE, DecisionSql.STATE) + ") "
            + insert(SinkRoute.DECISION_ACTIONS_TABLE, DecisionSql.ACTIONS);

    private final PostgresDatabase db;
    private final Clock clock;

    public PostgresDecisionSink(PostgresDatabase db) {
        this(db, Clock.systemUTC());
    }

    /** With the clock that stamps {@code ingested_at}. */
    public PostgresDecisionSink(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postgres-decisions";
    }

    @Override
    public void write(List<Decision> batch) {
        if (batch.isEmpty()) return;
        Collection<Decision> rows =
                UpsertBatch.lastPerKey(batch, d -> new Key(d.runId(), d.venue(), d.symbol(), d.tsMs()));
        UpsertBatch.write(
                db,
                clock,
                batch.size() + " decisions",
                () -> {
                    Set<LocalDate> days = UpsertBatch.days(rows, Decision::tsMs);
                    db.partitions().ensure(SinkRoute.DECISION_STATE_TABLE, days);
                    db.partitions().ensure(SinkRoute.DECISION_ACTIONS_TABLE, days);
                },
                (c, at) -> upsert(c, rows, at));
    }

    /** One statement in auto-commit: atomic on its own, both tables included. */
    private static Flux<Long> upsert(Connection c, Collection<Decision> rows, OffsetDateTime ingestedAt) {
        int n = rows.size();
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] venue = new String[n];
        String[] symbol = new String[n];
        Double[] close = new Double[n];
        Integer[] state = new Integer[n];
        String[] direction = new String[n];
        Double[] target = new Double[n];
        Double[] delta = new Double[n];
        Double[] urgency = new Double[n];
        Boolean[] hold = new Boolean[n];
        Double[] actionability = new Double[n];
        String[] reason = new String[n];
        Boolean[] gateOpen = new Boolean[n];
        String[] posture = new String[n];
        Double[] cost = new Double[n];
        String[] source = new String[n];
        String[] runId = new String[n];
        OffsetDateTime[] computedAt = new OffsetDateTime[n];
        int i = 0;
        for (Decision d : rows) {
            ts[i] = PgTime.utcMillis(d.tsMs());
            venue[i] = d.venue();
            symbol[i] = d.symbol();
            close[i] = d.close();
            state[i] = d.state();
            direction[i] = d.direction();
            target[i] = d.targetExposure();
            delta[i] = d.deltaExposure();
            urgency[i] = d.urgency();
            hold[i] = d.hold();
            actionability[i] = d.actionability();
            reason[i] = d.reason();
            gateOpen[i] = d.gateOpen();
            posture[i] = d.posture().name();
            cost[i] = d.cost();
            source[i] = DecisionSql.sourceFile(d);
            runId[i] = d.runId();
            computedAt[i] = PgTime.utcMillis(d.recvMs());
            i++;
        }
        Object[] columns = {
            ts,
            venue,
            symbol,
            close,
            state,
            direction,
            target,
            delta,
            urgency,
            hold,
            actionability,
            reason,
            gateOpen,
            posture,
            cost,
            source,
            runId,
            computedAt
        };
        var s = c.createStatement(UPSERT);
        for (int k = 0; k < columns.length; k++) s.bind("$" + (k + 1), columns[k]);
        s.bind("$" + (columns.length + 1), ingestedAt);
        return Flux.from(s.execute()).concatMap(Result::getRowsUpdated);
    }

    /** {@code $1::timestamptz[], $2::text[], ...} for {@link #INPUT}. */
    private static String unnest() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < INPUT.size(); k++) {
            String column = INPUT.get(k);
            if (k > 0) out.append(", ");
            out.append('$').append(k + 1).append("::").append(column.substring(column.lastIndexOf(' ') + 1));
            out.append("[]");
        }
        return out.toString();
    }

    /** The upsert of {@code table} from {@code u}: every filled column but the key is replaced, the last one wins. */
    private static String insert(String table, List<String> filled) {
        List<String> key = List.of(DecisionSql.KEY.split(", "));
        String updates = filled.stream()
                .filter(col -> !key.contains(col))
                .map(col -> col + " = EXCLUDED." + col)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + DecisionSql.columns(filled) + ") SELECT " + String.join(", ", filled)
                + ", $" + (INPUT.size() + 1) + " FROM u ON CONFLICT (" + DecisionSql.KEY + ") DO UPDATE SET "
                + updates + ", ingested_at = EXCLUDED.ingested_at";
    }

    /** Closes nothing: the pool belongs to {@link PostgresDatabase}. */
    @Override
    public void close() {}

    private record Key(String runId, String venue, String symbol, long tsMs) {}
}
