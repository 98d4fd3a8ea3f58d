package dev.ticktape.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The intraday features of one bar: {@code values} maps a feature name (e.g. {@code intraday_rsi_14}) to its value at
 * the close of the bar that starts at {@code tsMs}. A feature still warming up (fewer bars in the session than its
 * look-back) is absent, never zero. The definitions, versioned together as {@code version}, are in
 * {@code docs/analytics.md} and in the {@code feature_definitions} table.
 *
 * <p>One record per bar keeps the topic compact; the stores hold one row per feature. A revised bar, or a bar that
 * arrives out of order, recomputes every later bar of its session, re-emitted with the same key.
 *
 * @param interval    the bars the features were computed on
 * @param tsMs        start of the bar
 * @param recvMs      when the features were computed
 * @param version     definition version, {@code v1}
 * @param session     the session day the bar belongs to (UTC date, or the exchange's trading date), ISO format
 * @param values      feature name to value, in a stable order
 * @param barRevision revision of the bar the values were computed from
 */
public record FeatureSet(
        String venue,
        String symbol,
        BarInterval interval,
        long tsMs,
        long recvMs,
        String version,
        String session,
        Map<String, Double> values,
        int barRevision)
        implements MarketEvent {
    public static final String TYPE = "features";

    public FeatureSet {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (interval == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'interval'");
        if (version == null || version.isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'version'");
        }
        if (session == null || session.isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'session'");
        }
        try {
            LocalDate.parse(session);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "session is not an ISO date: " + session);
        }
        if (barRevision < 0) {
            throw new InvalidEventException(RejectReason.NEGATIVE, "bar_revision is negative: " + barRevision);
        }
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Checks.finiteOrNull(e.getKey(), e.getValue());
            if (e.getValue() != null) copy.put(e.getKey(), e.getValue());
        }
        values = Collections.unmodifiableMap(copy);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public InstrumentId instrument() {
        return new InstrumentId(venue, symbol);
    }
}
