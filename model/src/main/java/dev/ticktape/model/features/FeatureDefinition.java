package dev.ticktape.model.features;

import java.util.List;
import java.util.Objects;

/**
 * One versioned intraday feature: what the features computation emits under {@link #name()} and what the
 * {@code feature_definitions} table describes. The catalog is the single source of both; the full definitions,
 * edge cases included, are in {@code docs/analytics.md}.
 *
 * @param name         feature name, the {@code feature_name} column
 * @param version      definition version, e.g. {@code v1}
 * @param description  what it measures, in one sentence
 * @param formula      the formula over the session's bars {@code b_1..b_k}
 * @param lookbackBars bars of the session needed before the feature is defined (1 = from the first bar)
 */
public record FeatureDefinition(String name, String version, String description, String formula, int lookbackBars) {
    public static final String V1 = "v1";

    public static final String VWAP = "intraday_vwap";
    public static final String RSI_14 = "intraday_rsi_14";
    public static final String MOMENTUM_20 = "intraday_momentum_20";
    public static final String VOLATILITY_20 = "intraday_volatility_20";
    public static final String VOLUME_RATIO = "intraday_volume_ratio";
    public static final String PRICE_TO_OPEN = "intraday_price_to_open";
    public static final String RANGE_POSITION = "intraday_range_position";

    /** The active definitions, in the order a feature set lists them. */
    public static final List<FeatureDefinition> CATALOG = List.of(
            new FeatureDefinition(
                    VWAP,
                    V1,
                    "Running volume-weighted average price since the session open",
                    "sum(p_i * v_i) / sum(v_i) over i <= k; p_i = bar vwap, or close when the bar has none",
                    1),
            new FeatureDefinition(
                    RSI_14,
                    V1,
                    "Relative strength index with Wilder smoothing over 14 close changes",
                    "100 * AG / (AG + AD); AG, AD seeded with the mean of the first 14 gains/losses, then "
                            + "(13 * prev + x) / 14; 50 when AG + AD = 0",
                    15),
            new FeatureDefinition(MOMENTUM_20, V1, "Return over the last 20 bars", "c_k / c_(k-20) - 1", 21),
            new FeatureDefinition(
                    VOLATILITY_20,
                    V1,
                    "Annualised realised volatility of the last 20 log returns",
                    "sqrt(mean(ln(c_i / c_(i-1))^2, i = k-19..k)) * sqrt(bars per year of the session rule)",
                    21),
            new FeatureDefinition(
                    VOLUME_RATIO,
                    V1,
                    "Bar volume against the average volume of the 20 bars before it",
                    "v_k / mean(v_i, i = k-20..k-1)",
                    21),
            new FeatureDefinition(PRICE_TO_OPEN, V1, "Return since the session's first open", "c_k / o_1 - 1", 1),
            new FeatureDefinition(
                    RANGE_POSITION,
                    V1,
                    "Where the close sits in the session's range so far",
                    "(c_k - min(l_i)) / (max(h_i) - min(l_i)) over i <= k; 0.5 when the range is zero",
                    1));

    public FeatureDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(formula, "formula");
        if (lookbackBars < 1) throw new IllegalArgumentException("lookbackBars must be >= 1");
    }
}
