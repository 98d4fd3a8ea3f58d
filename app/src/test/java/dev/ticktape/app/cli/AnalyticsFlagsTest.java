package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.model.BarInterval;
import dev.ticktape.topology.features.SessionRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The analytics flags reach the streams spec; off by default, on in a demo, with the bars' lateness as horizon. */
class AnalyticsFlagsTest {
    private static PlatformSpec.StreamsSpec parsed(String... args) {
        CommandLine.ParseResult r = TicktapeCommand.commandLine().parseArgs(args);
        return ((ServiceCommand) r.subcommand().commandSpec().userObject())
                .spec()
                .streams();
    }

    @Test
    void offUnlessAskedFor() {
        assertThat(parsed("run").analytics()).isNull();
        assertThat(parsed("streams").analytics()).isNull();
    }

    @Test
    void onInADemoWithTheDefaults() {
        PlatformSpec.AnalyticsSpec a = parsed("run", "--demo").analytics();
        assertThat(a.summaries().windows()).containsExactly(Duration.ofSeconds(60));
        assertThat(a.features().intervals()).containsExactly(BarInterval.M1);
        assertThat(a.features().ruleFor("polygon")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(a.features().ruleFor("binance")).isEqualTo(SessionRule.UTC);
    }

    @Test
    void flagsChooseWindowsIntervalsSessionsAndTheHorizon() {
        PlatformSpec.AnalyticsSpec a = parsed(
                        "streams",
                        "--summaries",
                        "--summary-windows",
                        "5m,60s",
                        "--features",
                        "--feature-intervals",
                        "1s,1m",
                        "--feature-sessions",
                        "kraken=us-equity",
                        "--allowed-lateness",
                        "5m")
                .analytics();
        assertThat(a.summaries().windows()).isEqualTo(List.of(Duration.ofSeconds(60), Duration.ofMinutes(5)));
        assertThat(a.summaries().horizon()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.features().intervals()).isEqualTo(Set.of(BarInterval.S1, BarInterval.M1));
        assertThat(a.features().ruleFor("kraken")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(a.features().ruleFor("polygon")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(a.features().horizon()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.describe())
                .isEqualTo(
                        "summaries over 60s,300s windows -> md.summaries; features on 1s,1m bars" + " -> md.features");
    }

    @Test
    void badValuesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parsed("run", "--summaries", "--summary-windows", "1500ms"))
                .hasMessageContaining("whole");
        assertThatThrownBy(() -> parsed("run", "--features", "--feature-sessions", "binance=tokyo"))
                .hasMessageContaining("tokyo");
        assertThatThrownBy(() -> parsed("run", "--features", "--feature-intervals", "5m"))
                .hasMessageContaining("5m");
    }
}
