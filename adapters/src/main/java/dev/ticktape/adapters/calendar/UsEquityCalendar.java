package dev.ticktape.adapters.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * The regular-hours calendar of the US cash equity markets (NYSE, Nasdaq): 09:30-16:00 America/New_York on
 * weekdays, closed on exchange holidays, 13:00 close on early-close days. Extended hours are not sessions here.
 * Pure and immutable.
 *
 * <p>Dates cover 2026 and 2027 as published by NYSE Group ("NYSE Group Announces 2026, 2027 and 2028 Holiday and
 * Early Closings Calendar", 2025-12-23, which repeats the 2026/2027 dates of its 2024-11-08 announcement). Dates
 * outside the known years are treated as ordinary weekdays; {@link #covers(LocalDate)} says whether a date is
 * within the published range so callers can warn before the table runs out.
 */
public final class UsEquityCalendar {
    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);
    private static final int FIRST_YEAR = 2026;
    private static final int LAST_YEAR = 2027;

    // NYSE published holidays (source above). Observed dates, e.g. July 3 2026 for a Saturday July 4.
    private static final Set<LocalDate> HOLIDAYS = Set.of(
            LocalDate.of(2026, 1, 1),   // New Year's Day
            LocalDate.of(2026, 1, 19),  // Martin Luther King, Jr. Day
            LocalDate.of(2026, 2, 16),  // Washington's Birthday
            LocalDate.of(2026, 4, 3),   // Good Friday
            LocalDate.of(2026, 5, 25),  // Memorial Day
            LocalDate.of(2026, 6, 19),  // Juneteenth
            LocalDate.of(2026, 7, 3),   // Independence Day observed
            LocalDate.of(2026, 9, 7),   // Labor Day
            LocalDate.of(2026, 11, 26), // Thanksgiving Day
            LocalDate.of(2026, 12, 25), // Christmas Day
            LocalDate.of(2027, 1, 1),   // New Year's Day
            LocalDate.of(2027, 1, 18),  // Martin Luther King, Jr. Day
            LocalDate.of(2027, 2, 15),  // Washington's Birthday
            LocalDate.of(2027, 3, 26),  // Good Friday
            LocalDate.of(2027, 5, 31),  // Memorial Day
            LocalDate.of(2027, 6, 18),  // Juneteenth observed
            LocalDate.of(2027, 7, 5),   // Independence Day observed
            LocalDate.of(2027, 9, 6),   // Labor Day
            LocalDate.of(2027, 11, 25), // Thanksgiving Day
            LocalDate.of(2027, 12, 24)); // Christmas Day observed

    // NYSE published early closes at 13:00 ET (same source). 2027 has no Christmas Eve early close: Dec 24 is the
    // observed holiday; no July early close in either year (the holiday is observed on a Friday/Monday).
    private static final Set<LocalDate> EARLY_CLOSES = Set.of(
            LocalDate.of(2026, 11, 27), // day after Thanksgiving
            LocalDate.of(2026, 12, 24), // Christmas Eve
            LocalDate.of(2027, 11, 26)); // day after Thanksgiving

    /** The NYSE calendar. */
    public static UsEquityCalendar nyse() {
        return new UsEquityCalendar();
    }

    /** The regular session on {@code date}, empty on weekends and holidays. */
    public Optional<TradingSession> sessionFor(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY || HOLIDAYS.contains(date)) return Optional.empty();
        boolean half = EARLY_CLOSES.contains(date);
        // ZonedDateTime.of resolves the DST offset of that date, so 09:30 is 14:30Z in winter, 13:30Z in summer.
        return Optional.of(new TradingSession(date, ZonedDateTime.of(date, OPEN, ZONE),
                ZonedDateTime.of(date, half ? EARLY_CLOSE : CLOSE, ZONE), half));
    }

    /** True during a regular session. */
    public boolean isOpen(Instant t) {
        LocalDate date = t.atZone(ZONE).toLocalDate();
        return sessionFor(date).map(s -> s.contains(t)).orElse(false);
    }

    /** The session in progress at {@code t}, or the next one to open after it. */
    public TradingSession currentOrNext(Instant t) {
        LocalDate date = t.atZone(ZONE).toLocalDate();
        for (int i = 0; i < 14; i++, date = date.plusDays(1)) {
            Optional<TradingSession> s = sessionFor(date);
            if (s.isPresent() && t.isBefore(s.get().close().toInstant())) return s.get();
        }
        throw new IllegalStateException("no session within 14 days of " + t); // impossible: at most 4 days off
    }

    /** Whether {@code date} is inside the years whose holidays are known. */
    public boolean covers(LocalDate date) {
        return date.getYear() >= FIRST_YEAR && date.getYear() <= LAST_YEAR;
    }
}
