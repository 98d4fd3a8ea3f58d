package dev.ticktape.topology.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.BarInterval;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRuleTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static Optional<LocalDate> us(String instant) {
        return SessionRule.US_EQUITY.sessionOf(at(instant));
    }

    @Test
    void utcSessionIsTheUtcDateOfTheBarStart() {
        assertThat(SessionRule.UTC.sessionOf(at("2026-03-02T23:59:00Z"))).contains(LocalDate.of(2026, 3, 2));
        assertThat(SessionRule.UTC.sessionOf(at("2026-03-03T00:00:00Z"))).contains(LocalDate.of(2026, 3, 3));
        assertThat(SessionRule.UTC.sessionOf(at("2026-03-07T12:00:00Z"))).contains(LocalDate.of(2026, 3, 7));
    }

    @Test
    void usEquitySessionIsRegularHoursInNewYorkTimeAcrossDst() {
        // 2026-03-09 is the Monday after DST began (Sunday 2026-03-08): 09:30 EDT = 13:30Z, 16:00 EDT = 20:00Z.
        assertThat(us("2026-03-09T13:29:00Z")).isEmpty();
        assertThat(us("2026-03-09T13:30:00Z")).contains(LocalDate.of(2026, 3, 9));
        assertThat(us("2026-03-09T19:59:00Z")).contains(LocalDate.of(2026, 3, 9));
        assertThat(us("2026-03-09T20:00:00Z")).isEmpty();
        // 2026-03-06, a Friday in EST: 09:30 EST = 14:30Z, so 13:30Z is 08:30 pre-market.
        assertThat(us("2026-03-06T13:30:00Z")).isEmpty();
        assertThat(us("2026-03-06T14:29:59Z")).isEmpty();
        assertThat(us("2026-03-06T14:30:00Z")).contains(LocalDate.of(2026, 3, 6));
    }

    @Test
    void usEquityHasNoSessionOnWeekendsAndHolidaysAndClosesEarly() {
        assertThat(us("2026-03-07T15:00:00Z")).isEmpty(); // Saturday
        assertThat(us("2026-01-19T15:00:00Z")).isEmpty(); // Martin Luther King Jr. Day (third Monday)
        // Day after Thanksgiving (2026-11-26): 13:00 EST close = 18:00Z.
        assertThat(us("2026-11-27T17:59:00Z")).contains(LocalDate.of(2026, 11, 27));
        assertThat(us("2026-11-27T18:00:00Z")).isEmpty();
    }

    @Test
    void barsPerYearOfEachRuleAndInterval() {
        // 365*86400/60 = 525,600; 365*86400 = 31,536,000
        assertThat(SessionRule.UTC.barsPerYear(BarInterval.M1)).isEqualTo(525_600.0);
        assertThat(SessionRule.UTC.barsPerYear(BarInterval.S1)).isEqualTo(31_536_000.0);
        // 252*23400/60 = 98,280; 252*23400 = 5,896,800
        assertThat(SessionRule.US_EQUITY.barsPerYear(BarInterval.M1)).isEqualTo(98_280.0);
        assertThat(SessionRule.US_EQUITY.barsPerYear(BarInterval.S1)).isEqualTo(5_896_800.0);
    }

    @Test
    void parsesLabels() {
        assertThat(SessionRule.parse("utc")).isEqualTo(SessionRule.UTC);
        assertThat(SessionRule.parse(" US-Equity ")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(SessionRule.US_EQUITY.label()).isEqualTo("us-equity");
        assertThatThrownBy(() -> SessionRule.parse("nyse"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session rule must be utc or us-equity, got 'nyse'");
    }
}
