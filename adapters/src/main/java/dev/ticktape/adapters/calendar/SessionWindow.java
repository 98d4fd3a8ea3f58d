package dev.ticktape.adapters.calendar;

import dev.ticktape.model.calendar.TradingSession;
import dev.ticktape.model.calendar.UsEquityCalendar;
import java.time.Duration;
import java.time.Instant;

/**
 * When a scheduled adapter runs around one session: from {@code lead} before the open to {@code lag} after the
 * close, so it is connected and warmed up for the opening auction and sees the late closing prints.
 */
public record SessionWindow(TradingSession session, Instant start, Instant stop) {

    /** The window of the session in progress at {@code now} (or the next one) with the given margins. */
    public static SessionWindow around(UsEquityCalendar calendar, Instant now, Duration lead, Duration lag) {
        // Look from now - lag so a window whose session closed but whose lag has not passed is still current.
        TradingSession s = calendar.currentOrNext(now.minus(lag));
        return new SessionWindow(
                s, s.open().toInstant().minus(lead), s.close().toInstant().plus(lag));
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(stop);
    }
}
