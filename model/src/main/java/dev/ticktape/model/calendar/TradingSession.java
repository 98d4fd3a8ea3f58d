package dev.ticktape.model.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * One regular trading session of a US equity exchange day, in exchange time ({@code America/New_York}).
 *
 * @param date    the trading date
 * @param open    regular open (09:30)
 * @param close   regular close (16:00, or 13:00 on an early-close day)
 * @param halfDay true on an early-close day
 */
public record TradingSession(LocalDate date, ZonedDateTime open, ZonedDateTime close, boolean halfDay) {
    public TradingSession {
        if (!close.isAfter(open)) throw new IllegalArgumentException("close must be after open");
    }

    /** True for {@code open <= t < close}. */
    public boolean contains(Instant t) {
        return !t.isBefore(open.toInstant()) && t.isBefore(close.toInstant());
    }
}
