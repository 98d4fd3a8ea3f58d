package dev.ticktape.adapters.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.calendar.UsEquityCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SessionWindowTest {
    private final UsEquityCalendar cal = UsEquityCalendar.nyse();

    @Test
    void scheduleWindowStartsBeforeOpenAndEndsAfterClose() {
        Duration lead = Duration.ofMinutes(15);
        Duration lag = Duration.ofMinutes(10);
        SessionWindow w = SessionWindow.around(cal, Instant.parse("2026-11-23T12:00:00Z"), lead, lag);
        assertThat(w.start()).isEqualTo(Instant.parse("2026-11-23T14:15:00Z"));
        assertThat(w.stop()).isEqualTo(Instant.parse("2026-11-23T21:10:00Z"));
        // Five minutes after the close the window is still the same session.
        SessionWindow late = SessionWindow.around(cal, Instant.parse("2026-11-23T21:05:00Z"), lead, lag);
        assertThat(late.contains(Instant.parse("2026-11-23T21:05:00Z"))).isTrue();
        // After the lag, the next window is Tuesday's.
        SessionWindow after = SessionWindow.around(cal, Instant.parse("2026-11-23T21:10:00Z"), lead, lag);
        assertThat(after.session().date()).isEqualTo(LocalDate.of(2026, 11, 24));
    }
}
