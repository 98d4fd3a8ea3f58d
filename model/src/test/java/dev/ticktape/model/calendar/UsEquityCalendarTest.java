package dev.ticktape.model.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsEquityCalendarTest {
    private final UsEquityCalendar cal = UsEquityCalendar.nyse();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-01-01",
                "2026-01-19",
                "2026-02-16",
                "2026-04-03",
                "2026-05-25",
                "2026-06-19",
                "2026-07-03",
                "2026-09-07",
                "2026-11-26",
                "2026-12-25",
                "2027-01-01",
                "2027-01-18",
                "2027-02-15",
                "2027-03-26",
                "2027-05-31",
                "2027-06-18",
                "2027-07-05",
                "2027-09-06",
                "2027-11-25",
                "2027-12-24"
            })
    void hasNoSessionOnNyseHolidays(String date) {
        LocalDate d = LocalDate.parse(date);
        assertThat(cal.sessionFor(d)).isEmpty();
        assertThat(cal.isOpen(d.atTime(12, 0).atZone(UsEquityCalendar.ZONE).toInstant()))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27", "2026-12-24", "2027-11-26"})
    void closesAtOnePmOnEarlyCloseDays(String date) {
        TradingSession s = cal.sessionFor(LocalDate.parse(date)).orElseThrow();
        assertThat(s.halfDay()).isTrue();
        assertThat(s.close().toLocalTime()).isEqualTo(LocalTime.of(13, 0));
        assertThat(cal.isOpen(s.close().minusMinutes(1).toInstant())).isTrue();
        assertThat(cal.isOpen(s.close().toInstant())).isFalse();
    }

    @Test
    void observedHolidayDoesNotMakeTheDayBeforeAHalfDay() {
        // July 4 2026 is a Saturday (observed Fri July 3); NYSE keeps Thursday July 2 a full day.
        assertThat(cal.sessionFor(LocalDate.of(2026, 7, 2)).orElseThrow().halfDay())
                .isFalse();
        assertThat(cal.sessionFor(LocalDate.of(2027, 12, 23)).orElseThrow().halfDay())
                .isFalse();
    }

    @Test
    void isClosedOnWeekends() {
        assertThat(cal.sessionFor(LocalDate.of(2026, 11, 21))).isEmpty(); // Saturday
        assertThat(cal.sessionFor(LocalDate.of(2026, 11, 22))).isEmpty(); // Sunday
        assertThat(cal.isOpen(Instant.parse("2026-11-21T15:00:00Z"))).isFalse();
    }

    @Test
    void regularSessionIsHalfPastNineToFourNewYorkTime() {
        TradingSession s = cal.sessionFor(LocalDate.of(2026, 11, 23)).orElseThrow();
        assertThat(s.halfDay()).isFalse();
        assertThat(cal.isOpen(Instant.parse("2026-11-23T14:29:59Z"))).isFalse();
        assertThat(cal.isOpen(Instant.parse("2026-11-23T14:30:00Z"))).isTrue();
        assertThat(cal.isOpen(Instant.parse("2026-11-23T20:59:59Z"))).isTrue();
        assertThat(cal.isOpen(Instant.parse("2026-11-23T21:00:00Z"))).isFalse();
    }

    @Test
    void followsDaylightSavingTransitions() {
        // DST 2026 starts Sunday March 8: Friday's open is 14:30Z, Monday's 13:30Z.
        assertThat(cal.sessionFor(LocalDate.of(2026, 3, 6)).orElseThrow().open().toInstant())
                .isEqualTo(Instant.parse("2026-03-06T14:30:00Z"));
        assertThat(cal.sessionFor(LocalDate.of(2026, 3, 9)).orElseThrow().open().toInstant())
                .isEqualTo(Instant.parse("2026-03-09T13:30:00Z"));
        // DST ends Sunday November 1 2026: Monday closes at 21:00Z again.
        assertThat(cal.sessionFor(LocalDate.of(2026, 10, 30))
                        .orElseThrow()
                        .close()
                        .toInstant())
                .isEqualTo(Instant.parse("2026-10-30T20:00:00Z"));
        assertThat(cal.sessionFor(LocalDate.of(2026, 11, 2))
                        .orElseThrow()
                        .close()
                        .toInstant())
                .isEqualTo(Instant.parse("2026-11-02T21:00:00Z"));
        assertThat(cal.isOpen(Instant.parse("2026-03-09T13:45:00Z"))).isTrue();
        assertThat(cal.isOpen(Instant.parse("2026-03-06T13:45:00Z"))).isFalse();
    }

    @Test
    void nextSessionSkipsWeekendAndHoliday() {
        // Wednesday evening before Thanksgiving -> Friday's half day.
        TradingSession next = cal.currentOrNext(Instant.parse("2026-11-25T22:00:00Z"));
        assertThat(next.date()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(cal.currentOrNext(Instant.parse("2026-11-21T12:00:00Z")).date())
                .isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void coversEveryYearUnderTheCurrentRules() {
        assertThat(cal.covers(LocalDate.of(2026, 6, 1))).isTrue();
        assertThat(cal.covers(LocalDate.of(2040, 1, 3))).isTrue();
        assertThat(cal.covers(LocalDate.of(2021, 12, 31))).isFalse(); // before Juneteenth became a holiday
    }

    /**
     * The rules against NYSE's published calendars (nyse.com "Holidays & Trading Hours"; the 2026-2028 dates as
     * announced by NYSE Group, including 2028's unobserved Saturday New Year's Day), typed in by hand.
     */
    @Test
    void rulesGiveThePublishedHolidaysAndEarlyClosesOf2025To2028() {
        assertThat(UsEquityCalendar.holidaysOf(2025))
                .containsExactlyInAnyOrder(dates(
                        "2025-01-01",
                        "2025-01-20",
                        "2025-02-17",
                        "2025-04-18",
                        "2025-05-26",
                        "2025-06-19",
                        "2025-07-04",
                        "2025-09-01",
                        "2025-11-27",
                        "2025-12-25"));
        assertThat(UsEquityCalendar.holidaysOf(2026))
                .containsExactlyInAnyOrder(dates(
                        "2026-01-01",
                        "2026-01-19",
                        "2026-02-16",
                        "2026-04-03",
                        "2026-05-25",
                        "2026-06-19",
                        "2026-07-03",
                        "2026-09-07",
                        "2026-11-26",
                        "2026-12-25"));
        assertThat(UsEquityCalendar.holidaysOf(2027))
                .containsExactlyInAnyOrder(dates(
                        "2027-01-01",
                        "2027-01-18",
                        "2027-02-15",
                        "2027-03-26",
                        "2027-05-31",
                        "2027-06-18",
                        "2027-07-05",
                        "2027-09-06",
                        "2027-11-25",
                        "2027-12-24"));
        assertThat(UsEquityCalendar.holidaysOf(2028))
                .containsExactlyInAnyOrder(dates(
                        "2028-01-17",
                        "2028-02-21",
                        "2028-04-14",
                        "2028-05-29",
                        "2028-06-19",
                        "2028-07-04",
                        "2028-09-04",
                        "2028-11-23",
                        "2028-12-25"));

        assertThat(UsEquityCalendar.earlyClosesOf(2025))
                .containsExactlyInAnyOrder(dates("2025-07-03", "2025-11-28", "2025-12-24"));
        assertThat(UsEquityCalendar.earlyClosesOf(2026)).containsExactlyInAnyOrder(dates("2026-11-27", "2026-12-24"));
        assertThat(UsEquityCalendar.earlyClosesOf(2027)).containsExactlyInAnyOrder(dates("2027-11-26"));
        assertThat(UsEquityCalendar.earlyClosesOf(2028)).containsExactlyInAnyOrder(dates("2028-07-03", "2028-11-24"));
        // The day-of-mourning closure is no rule's: it comes from the special list.
        assertThat(cal.sessionFor(LocalDate.of(2025, 1, 9))).isEmpty();
        assertThat(cal.sessionFor(LocalDate.of(2027, 12, 31))).isPresent(); // Friday before the unobserved Jan 1
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2038-04-25"})
    void computesEasterSunday(String date) {
        LocalDate d = LocalDate.parse(date);
        assertThat(UsEquityCalendar.easter(d.getYear())).isEqualTo(d);
    }

    private static LocalDate[] dates(String... s) {
        return java.util.Arrays.stream(s).map(LocalDate::parse).toArray(LocalDate[]::new);
    }
}
