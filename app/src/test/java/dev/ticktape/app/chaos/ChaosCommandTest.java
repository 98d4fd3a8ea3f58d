package dev.ticktape.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.app.cli.CliRun;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line of {@code ticktape chaos}: its flags, and bad values refused before anything starts. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChaosCommandTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpListsTheFlagsAndTheFaults() {
        CliRun r = run("chaos", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Usage: ticktape chaos")
                .contains("--minutes", "--seed", "--faults", "--pg-url", "--rate", "--keep", "--profile")
                .contains(Fault.names().split(",")[0]);
        for (Fault f : Fault.values()) assertThat(r.out()).contains(f.flag());
    }

    @Test
    void anUnknownFaultOrProfileIsRefusedWithExitTwo() {
        assertThat(run("chaos", "--faults", "broker-reboot").code()).isEqualTo(2);
        assertThat(run("chaos", "--profile", "nightly").code()).isEqualTo(2);
        assertThat(run("chaos", "--minutes", "0.1").code()).isEqualTo(2);
    }
}
