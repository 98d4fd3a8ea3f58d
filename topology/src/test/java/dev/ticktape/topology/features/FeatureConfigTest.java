package dev.ticktape.topology.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.BarInterval;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureConfigTest {
    @Test
    void defaultsAreOneMinuteBarsUsEquityVenuesAndFifteenMinutes() {
        FeatureConfig cfg = FeatureConfig.defaults();

        assertThat(cfg.intervals()).containsExactly(BarInterval.M1);
        assertThat(cfg.horizon()).isEqualTo(Duration.ofMinutes(15));
        assertThat(cfg.ruleFor("polygon")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(cfg.ruleFor("tastytrade")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(cfg.ruleFor("ibkr")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(cfg.ruleFor("binance")).isEqualTo(SessionRule.UTC);
        assertThat(cfg.ruleFor("ndjson")).isEqualTo(SessionRule.UTC);
    }

    @Test
    void parsedSessionsOverrideTheirVenuesOnly() {
        Map<String, SessionRule> parsed = FeatureConfig.parseSessions(" Binance=us-equity , ibkr = utc");

        assertThat(parsed)
                .containsExactly(Map.entry("binance", SessionRule.US_EQUITY), Map.entry("ibkr", SessionRule.UTC));
        FeatureConfig cfg = FeatureConfig.defaults().withSessions(parsed);
        assertThat(cfg.ruleFor("binance")).isEqualTo(SessionRule.US_EQUITY);
        assertThat(cfg.ruleFor("ibkr")).isEqualTo(SessionRule.UTC);
        assertThat(cfg.ruleFor("polygon")).isEqualTo(SessionRule.US_EQUITY);
    }

    @Test
    void sessionParserNamesTheBadItem() {
        assertThatThrownBy(() -> FeatureConfig.parseSessions(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("venue=rule");
        assertThatThrownBy(() -> FeatureConfig.parseSessions("binance"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature session 'binance' must be venue=rule, e.g. binance=utc");
        assertThatThrownBy(() -> FeatureConfig.parseSessions("binance=utc,"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature session '' must be venue=rule, e.g. binance=utc");
        assertThatThrownBy(() -> FeatureConfig.parseSessions("=utc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature session '=utc': venue must match [a-z0-9][a-z0-9_.-]{0,31}");
        assertThatThrownBy(() -> FeatureConfig.parseSessions("my venue=utc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("venue must match");
        assertThatThrownBy(() -> FeatureConfig.parseSessions("binance=nyse"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature session 'binance=nyse': session rule must be utc or us-equity, got 'nyse'");
        assertThatThrownBy(() -> FeatureConfig.parseSessions("binance=utc,BINANCE=us-equity"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature sessions name venue 'binance' twice");
    }

    @Test
    void parsesIntervals() {
        assertThat(FeatureConfig.parseIntervals("1s, 1m")).containsExactly(BarInterval.S1, BarInterval.M1);
        assertThat(FeatureConfig.parseIntervals("1m")).containsExactly(BarInterval.M1);
        assertThatThrownBy(() -> FeatureConfig.parseIntervals("5m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature interval must be 1s or 1m, got '5m'");
        assertThatThrownBy(() -> FeatureConfig.parseIntervals(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1s, 1m or 1s,1m");
    }

    @Test
    void rejectsNoIntervalsAndNegativeHorizon() {
        assertThatThrownBy(() -> FeatureConfig.defaults().withIntervals(Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> FeatureConfig.defaults().withHorizon(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizon");
    }

    @Test
    void intervalsIterateInEnumOrderWhateverTheInput() {
        // The topology is built in this order; every instance must build the same one.
        assertThat(FeatureConfig.defaults()
                        .withIntervals(Set.of(BarInterval.M1, BarInterval.S1))
                        .intervals())
                .containsExactly(BarInterval.S1, BarInterval.M1);
    }
}
