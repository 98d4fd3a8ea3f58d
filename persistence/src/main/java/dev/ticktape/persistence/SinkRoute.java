package dev.ticktape.persistence;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Decision;
import dev.ticktape.model.Execution;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Which events a {@link SinkWorker} stores and in which table each lands. Records of any other type are
 * dead-lettered as {@code unknown_type}.
 *
 * @param type   the accepted event type
 * @param label  how the type is named in dead-letter details, e.g. {@code a bar}
 * @param tables every table the events may land in (their meters are registered up front)
 * @param table  the table of one event, for the per-table meters
 * @param <T>    the accepted event type
 */
public record SinkRoute<T extends MarketEvent>(
        Class<T> type, String label, List<String> tables, Function<? super T, String> table) {
    public static final String GREEKS_TABLE = "greek_snapshots";
    public static final String EXECUTIONS_TABLE = "executions";
    public static final String SUMMARIES_TABLE = "quotient_summaries";
    public static final String FEATURES_TABLE = "intraday_features";
    public static final String STATUS_TABLE = "feed_status";
    public static final String GAPS_TABLE = "feed_gaps";
    public static final String DECISION_STATE_TABLE = "stream_state";
    public static final String DECISION_ACTIONS_TABLE = "stream_actions";

    /** Final bars into {@code ohlc_1s} / {@code ohlc_1m}. */
    public static final SinkRoute<Bar> BARS = new SinkRoute<>(
            Bar.class,
            "a bar",
            Arrays.stream(BarInterval.values()).map(BarInterval::table).toList(),
            b -> b.interval().table());
    /** Option Greeks snapshots into {@code greek_snapshots}. */
    public static final SinkRoute<Greeks> GREEKS =
            new SinkRoute<>(Greeks.class, "a greeks snapshot", List.of(GREEKS_TABLE), g -> GREEKS_TABLE);
    /** Account executions (fills) into {@code executions}. */
    public static final SinkRoute<Execution> EXECUTIONS =
            new SinkRoute<>(Execution.class, "an execution", List.of(EXECUTIONS_TABLE), e -> EXECUTIONS_TABLE);
    /** Rolling summaries of 1s bars into {@code quotient_summaries}. */
    public static final SinkRoute<Summary> SUMMARIES =
            new SinkRoute<>(Summary.class, "a summary", List.of(SUMMARIES_TABLE), s -> SUMMARIES_TABLE);
    /** Intraday feature sets into {@code intraday_features}, one row per feature of the set. */
    public static final SinkRoute<FeatureSet> FEATURES =
            new SinkRoute<>(FeatureSet.class, "a feature set", List.of(FEATURES_TABLE), f -> FEATURES_TABLE);
    /** Adapter status records into {@code feed_status}. */
    public static final SinkRoute<Status> STATUS =
            new SinkRoute<>(Status.class, "a status record", List.of(STATUS_TABLE), s -> STATUS_TABLE);
    /** The gap ledger ({@code md.gaps}) into {@code feed_gaps}, one row per gap identity. */
    public static final SinkRoute<Gap> GAPS = new SinkRoute<>(Gap.class, "a gap", List.of(GAPS_TABLE), g -> GAPS_TABLE);

    /**
     * Decisions into {@code stream_actions} and {@code stream_state}: one row in each, written in one transaction, so
     * the per-table meters count each decision once, under {@code stream_actions}.
     */
    public static final SinkRoute<Decision> DECISIONS =
            new SinkRoute<>(Decision.class, "a decision", List.of(DECISION_ACTIONS_TABLE), d -> DECISION_ACTIONS_TABLE);

    public SinkRoute {
        if (type == null || label == null || table == null) throw new IllegalArgumentException("type/label/table");
        if (tables == null || tables.isEmpty()) throw new IllegalArgumentException("at least one table is required");
        tables = List.copyOf(tables);
    }

    /** The event as this route's type, or null when it is of another type. */
    T accept(MarketEvent event) {
        return type.isInstance(event) ? type.cast(event) : null;
    }
}
