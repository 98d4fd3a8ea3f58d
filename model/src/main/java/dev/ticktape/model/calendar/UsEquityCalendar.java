package dev.ticktape.model.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regular-hours calendar of the US cash equity markets (NYSE, Nasdaq): 09:30-16:00 America/New_York on
 * weekdays, closed on exchange holidays, 13:00 close on early-close days. Extended hours are not sessions here.
 * Pure and immutable.
 *
 * <p>Holidays and early closes are computed from the NYSE rules (NYSE Rule 7.2 and its published calendars), so
 * any year from 2022 (when Juneteenth was added) on is covered:
 * <ul>
 *   <li>fixed-date holidays (New Year's Day, Juneteenth, Independence Day, Christmas) falling on a Saturday are
 *       observed the Friday before, on a Sunday the Monday after; New Year's Day on a Saturday is not observed
 *       (the Friday before closes a month, quarter and year);</li>
 *   <li>Martin Luther King Jr. Day and Washington's Birthday: third Monday of January / February; Memorial Day:
 *       last Monday of May; Labor Day: first Monday of September; Thanksgiving: fourth Thursday of November;
 *       Good Friday: two days before Western Easter;</li>
 *   <li>13:00 closes: the day after Thanksgiving, and July 3 and December 24 when they fall Monday to Thursday.</li>
 * </ul>
 * One-off closures that no rule predicts (e.g. the national day of mourning of 2025-01-09) are listed in
 * {@link #SPECIAL_CLOSURES}.
 */
public final class UsEquityCalendar {
    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);
    /** The first year of the current rule set (Juneteenth has been a market holiday since 2022). */
    private static final int FIRST_YEAR = 2022;

    /** Unscheduled full-day closures announced by NYSE, which no rule derives. */
    static final Set<LocalDate> SPECIAL_CLOSURES =
            Set.of(LocalDate.of(2025, 1, 9)); // national day of mourning for President Carter

    private final Map<Integer, Set<LocalDate>> holidays = new ConcurrentHashMap<>();
    private final Map<Integer, Set<LocalDate>> earlyCloses = new ConcurrentHashMap<>();

    /** The NYSE calendar. */
    public static UsEquityCalendar nyse() {
        return new UsEquityCalendar();
    }

    /** The regular session on {@code date}, empty on weekends and holidays. */
    public Optional<TradingSession> sessionFor(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY || isHoliday(date)) return Optional.empty();
        boolean half = earlyCloses
                .computeIfAbsent(date.getYear(), UsEquityCalendar::earlyClosesOf)
                .contains(date);
        // ZonedDateTime.of resolves the DST offset of that date, so 09:30 is 14:30Z in winter, 13:30Z in summer.
        return Optional.of(new TradingSession(
                date,
                ZonedDateTime.of(date, OPEN, ZONE),
                ZonedDateTime.of(date, half ? EARLY_CLOSE : CLOSE, ZONE),
                half));
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

    /** True on a full-day market holiday (observed date) or an announced special closure. */
    public boolean isHoliday(LocalDate date) {
        return SPECIAL_CLOSURES.contains(date)
                || holidays.computeIfAbsent(date.getYear(), UsEquityCalendar::holidaysOf)
                        .contains(date);
    }

    /** Whether the current rules apply to {@code date} (every year from 2022 on). */
    public boolean covers(LocalDate date) {
        return date.getYear() >= FIRST_YEAR;
    }

    /** The observed full-day holidays of {@code year}. */
    static Set<LocalDate> holidaysOf(int year) {
        Set<LocalDate> out = new HashSet<>();
        LocalDate newYear = LocalDate.of(year, 1, 1);
        if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) out.add(observed(newYear));
        out.add(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3)); // Martin Luther King, Jr. Day
        out.add(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3)); // Washington's Birthday
        out.add(easter(year).minusDays(2)); // Good Friday
        out.add(LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))); // Memorial Day
        out.add(observed(LocalDate.of(year, 6, 19))); // Juneteenth
        out.add(observed(LocalDate.of(year, 7, 4))); // Independence Day
        out.add(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1)); // Labor Day
        out.add(thanksgiving(year));
        out.add(observed(LocalDate.of(year, 12, 25))); // Christmas Day
        return Set.copyOf(out);
    }

    /** The 13:00 closes of {@code year}. */
    static Set<LocalDate> earlyClosesOf(int year) {
        Set<LocalDate> out = new HashSet<>();
        out.add(thanksgiving(year).plusDays(1));
        for (LocalDate eve : List.of(LocalDate.of(year, 7, 3), LocalDate.of(year, 12, 24))) {
            if (eve.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue()) out.add(eve);
        }
        return Set.copyOf(out);
    }

    /** Saturday -> the Friday before, Sunday -> the Monday after. */
    private static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    private static LocalDate nth(int year, Month month, DayOfWeek dow, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    private static LocalDate thanksgiving(int year) {
        return nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
    }

    /** Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
