package dev.ticktape.model;

import java.util.Locale;
import java.util.Objects;

/**
 * What the decision layer concluded at the close of one completed 1s bar of an instrument: the triadic state, the
 * exposure it targets and why (docs/decisions.md). One per instrument and bar; never intrabar. Consumers dedupe on
 * {@code (runId, tsMs, venue, symbol)}: delivery to the sinks is at-least-once.
 *
 * @param tsMs           start of the completed 1s bar the decision was taken at
 * @param recvMs         the end of the summary's window it was taken on (not the wall clock, so a replay is
 *                       byte-identical)
 * @param runId          the run that emitted it; a replay with the same run id emits the same decisions
 * @param close          the bar's close: the price the cost estimate uses
 * @param state          -1, 0 or +1
 * @param direction      {@code long}, {@code short} or {@code flat}: the sign of {@code targetExposure}
 * @param targetExposure the exposure aimed at, in [-1, 1]
 * @param deltaExposure  {@code targetExposure} minus the previous decision's target
 * @param urgency        in [0, 1]: how strong the signal is against the entry threshold
 * @param hold           true when the target was held at the previous one (gate closed, cost budget, edge)
 * @param actionability  in [0, 1]: 0 when held, otherwise the coverage of the summary behind it
 * @param reason         why, e.g. {@code enter_long}, {@code cost_budget}, {@code gate_closed:file}
 * @param gateOpen       whether the exposure gate was open
 * @param posture        {@code ACTIVE} with the gate open, {@code OBSERVE} with it closed
 * @param cost           estimated notional cost of the change: {@code |delta| * close * (fee + slippage)}
 * @param sourceFile     the bar's source ({@code live:SYMBOL} or a file/connection label)
 */
public record Decision(
        String venue,
        String symbol,
        long tsMs,
        long recvMs,
        String runId,
        double close,
        int state,
        String direction,
        double targetExposure,
        double deltaExposure,
        double urgency,
        boolean hold,
        double actionability,
        String reason,
        boolean gateOpen,
        Posture posture,
        double cost,
        String sourceFile)
        implements MarketEvent {
    public static final String TYPE = "decision";

    /** Whether decisions may change exposure ({@code ACTIVE}) or only watch ({@code OBSERVE}). */
    public enum Posture {
        ACTIVE,
        OBSERVE;

        public static Posture parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(RejectReason.INVALID_VALUE, "posture must be ACTIVE or OBSERVE: " + s);
            }
        }
    }

    public Decision {
        Checks.venue(venue);
        Checks.symbol(symbol);
        Checks.timestamp("ts_ms", tsMs);
        if (runId == null || runId.isBlank()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'run_id'");
        }
        if (state < -1 || state > 1) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "state must be -1, 0 or 1: " + state);
        }
        if (!(targetExposure >= -1 && targetExposure <= 1)) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, "target_exposure must be in [-1, 1]: " + targetExposure);
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(posture, "posture");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The direction of a target exposure. */
    public static String directionOf(double targetExposure) {
        return targetExposure > 0 ? "long" : targetExposure < 0 ? "short" : "flat";
    }

    public InstrumentId instrument() {
        return new InstrumentId(venue, symbol);
    }
}
