package dev.ticktape.adapters.polygon;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import java.util.Locale;
import java.util.Optional;

/**
 * One aggregates request, {@code /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}} (times in ms,
 * both ends inclusive). The response does not say which bar size it holds, so the request is the only place the
 * interval of its bars can come from.
 */
public record PolygonAggsRequest(String ticker, int multiplier, String timespan, long fromMs, long toMs) {
    public PolygonAggsRequest {
        if (ticker == null || ticker.isBlank()) throw new IllegalArgumentException("ticker is required");
        if (multiplier < 1) throw new IllegalArgumentException("multiplier must be >= 1");
        if (timespan == null || timespan.isBlank()) throw new IllegalArgumentException("timespan is required");
        timespan = timespan.toLowerCase(Locale.ROOT);
    }

    /** 1-minute bars starting in {@code [fromMs, toMs]}. */
    public static PolygonAggsRequest minutes(String ticker, long fromMs, long toMs) {
        return new PolygonAggsRequest(ticker, 1, "minute", fromMs, toMs);
    }

    /** Bars of {@code interval} starting in {@code [fromMs, toMs]}. */
    public static PolygonAggsRequest of(String ticker, BarInterval interval, long fromMs, long toMs) {
        return new PolygonAggsRequest(ticker, 1, interval == BarInterval.S1 ? "second" : "minute", fromMs, toMs);
    }

    /** The path and query of the first page, oldest first, with the largest page the venue allows. */
    public String path() {
        return "/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/" + timespan + "/" + fromMs + "/" + toMs
                + "?adjusted=true&sort=asc&limit=50000";
    }

    /** The platform interval of this request's bars; empty for any size but 1 second and 1 minute. */
    public Optional<BarInterval> barInterval() {
        if (multiplier != 1) return Optional.empty();
        return switch (timespan) {
            case "second" -> Optional.of(BarInterval.S1);
            case "minute" -> Optional.of(BarInterval.M1);
            default -> Optional.empty();
        };
    }

    /**
     * The interval of this request's bars.
     *
     * @throws InvalidEventException ({@link RejectReason#INVALID_VALUE}) for any size but 1 second and 1 minute
     */
    public BarInterval requireBarInterval() {
        return barInterval()
                .orElseThrow(() -> new InvalidEventException(
                        RejectReason.INVALID_VALUE,
                        "aggregates of " + size() + " are not 1-second or 1-minute bars; refused, not relabelled"));
    }

    /** For messages: {@code 1/minute}, {@code 1/day}. */
    public String size() {
        return multiplier + "/" + timespan;
    }
}
