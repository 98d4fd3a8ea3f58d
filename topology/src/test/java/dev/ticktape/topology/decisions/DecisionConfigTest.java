package dev.ticktape.topology.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.topology.features.SessionRule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionConfigTest {
    private static final DecisionConfig D = DecisionConfig.defaults("run", 60_000);

    @Test
    void defaultsAreTheDocumentedFlags() {
        assertThat(D.enterBps()).isEqualTo(2.0);
        assertThat(D.exitBps()).isEqualTo(1.0);
        assertThat(D.feeRate()).isEqualTo(0.0005);
        assertThat(D.slippage()).isEqualTo(0.0003);
        assertThat(D.edgeBps()).isZero();
        assertThat(D.costBudget()).isZero();
        assertThat(D.costWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(D.minCoverage()).isEqualTo(0.5);
        assertThat(D.statusWindow()).isEqualTo(Duration.ofSeconds(120));
        assertThat(D.windowSeconds()).isEqualTo(60);
        assertThat(D.ruleFor("polygon")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(D.ruleFor("binance")).isEqualTo(SessionRule.UTC); // not listed
        assertThat(D.withSessions(Map.of("binance", SessionRule.US_EQUITY)).ruleFor("binance"))
                .isEqualTo(SessionRule.US_EQUITY);
    }

    @Test
    void rejectsWhatTheContractForbids() {
        assertThatThrownBy(() -> DecisionConfig.defaults(" ", 60_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run id");
        assertThatThrownBy(() -> DecisionConfig.defaults("run", 1_500))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> D.withThresholds(1.0, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exit threshold must be >= 0 and <= the enter threshold");
        assertThatThrownBy(() -> D.withThresholds(2.0, -0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exit threshold");
        assertThatThrownBy(() -> D.withThresholds(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enter threshold must be a finite number > 0");
        assertThatThrownBy(() -> D.withCostGate(-1, 0, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge");
        assertThatThrownBy(() -> D.withCostGate(0, Double.NaN, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost budget");
        assertThatThrownBy(() -> D.withCostGate(0, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cost window must be a positive duration");
        assertThat(D.withThresholds(2.0, 2.0).exitBps()).isEqualTo(2.0); // equal is allowed
        assertThat(D.withThresholds(2.0, 0.0).exitBps()).isZero();
    }
}
