package dev.ticktape.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FaultScheduleTest {
    private static final List<Fault> ALL = List.of(Fault.values());

    @Test
    void theSameSeedGivesTheSamePlan() {
        FaultSchedule a = FaultSchedule.plan(ALL, Duration.ofMinutes(3), 42, true);
        FaultSchedule b = FaultSchedule.plan(ALL, Duration.ofMinutes(3), 42, true);
        FaultSchedule c = FaultSchedule.plan(ALL, Duration.ofMinutes(3), 43, true);
        assertThat(a).isEqualTo(b);
        assertThat(c.steps()).isNotEqualTo(a.steps());
    }

    @Test
    void everyFaultOnceInOrderInsideTheLoadAfterALeadInAndBeforeACleanTail() {
        Duration load = Duration.ofMinutes(3);
        FaultSchedule plan = FaultSchedule.plan(ALL, load, 7, true);
        assertThat(plan.steps()).extracting(FaultSchedule.Step::fault).containsExactlyInAnyOrder(Fault.values());
        assertThat(plan.skipped()).isEmpty();
        long previous = -1;
        for (FaultSchedule.Step s : plan.steps()) {
            assertThat(s.at().toMillis()).isGreaterThan(previous).isGreaterThanOrEqualTo(18_000);
            assertThat(s.at()).isLessThan(load.minusSeconds(27));
            previous = s.at().toMillis();
        }
    }

    @Test
    void postgresFaultsAreSkippedWithoutPostgres() {
        FaultSchedule plan = FaultSchedule.plan(ALL, Duration.ofMinutes(1), 1, false);
        assertThat(plan.skipped()).containsExactlyInAnyOrder(Fault.PG_OUTAGE, Fault.PERSIST_PG_KILL);
        assertThat(plan.steps()).noneMatch(s -> s.fault().needsPostgres());
    }

    @Test
    void killsStayDownForSecondsAndHitAStreamsInstance() {
        FaultSchedule plan = FaultSchedule.plan(List.of(Fault.STREAMS_KILL), Duration.ofMinutes(1), 3, false);
        FaultSchedule.Step s = plan.steps().get(0);
        assertThat(s.target()).isIn(ProcessFleet.STREAMS_1, ProcessFleet.STREAMS_2);
        assertThat(s.down()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void faultNamesAreTheFlagsAndUnknownOnesAreRefused() {
        assertThat(Fault.parse(List.of("broker-bounce", " pg-outage", "broker-bounce")))
                .containsExactly(Fault.BROKER_BOUNCE, Fault.PG_OUTAGE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.of("broker-reboot"))
                .hasMessageContaining("unknown fault broker-reboot")
                .hasMessageContaining("broker-bounce");
    }
}
