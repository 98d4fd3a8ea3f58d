package dev.ticktape.topology.features;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.calendar.TradingSession;
import dev.ticktape.model.calendar.UsEquityCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * How a venue's bars are grouped into the sessions the intraday features reset at (docs/analytics.md, "Intraday
 * features"). A rule gives each bar start its session date, or none, and the bars per year that annualise the
 * volatility.
 */
public enum SessionRule {
    /** The session is the UTC calendar day of the bar start; the market never closes (365 days of 24 h). */
    UTC("utc", 365L * 86_400_000L) {
        @Override
        public Optional<LocalDate> sessionOf(long startMs) {
            return Optional.of(
                    Instant.ofEpochMilli(startMs).atZone(ZoneOffset.UTC).toLocalDate());
        }
    },
    /**
     * The session is the NYSE trading date whose regular hours {@code [open, close)} contain the bar start; pre-
     * and post-market bars have none. A year is 252 sessions of 6.5 h.
     */
    US_EQUITY("us-equity", 252L * 23_400_000L) {
        @Override
        public Optional<LocalDate> sessionOf(long startMs) {
            Instant start = Instant.ofEpochMilli(startMs);
            LocalDate date = start.atZone(UsEquityCalendar.ZONE).toLocalDate();
            return CALENDAR.sessionFor(date).filter(s -> s.contains(start)).map(TradingSession::date);
        }
    };

    /** Thread-safe (it memoises holidays per year in concurrent maps), so one calendar serves every task. */
    private static final UsEquityCalendar CALENDAR = UsEquityCalendar.nyse();

    private final String label;
    private final long tradingMillisPerYear;

    SessionRule(String label, long tradingMillisPerYear) {
        this.label = label;
        this.tradingMillisPerYear = tradingMillisPerYear;
    }

    /** The session date of a bar starting at {@code startMs}, or empty when the bar is outside every session. */
    public abstract Optional<LocalDate> sessionOf(long startMs);

    /** {@code P}: bars of {@code interval} in a year of this rule's trading time (525,600 for 1m bars in UTC). */
    public double barsPerYear(BarInterval interval) {
        return (double) (tradingMillisPerYear / interval.millis());
    }

    /** The name used in configuration: {@code utc} or {@code us-equity}. */
    public String label() {
        return label;
    }

    /** Parses {@code utc} or {@code us-equity} (case-insensitive). */
    public static SessionRule parse(String label) {
        for (SessionRule r : values()) {
            if (r.label.equalsIgnoreCase(label.strip())) return r;
        }
        throw new IllegalArgumentException("session rule must be utc or us-equity, got '" + label + "'");
    }
}
