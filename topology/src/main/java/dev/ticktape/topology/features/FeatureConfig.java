package dev.ticktape.topology.features;

import dev.ticktape.model.BarInterval;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the intraday features computation.
 *
 * @param intervals the bar intervals features are computed on ({@code 1m} by default, {@code 1s} when asked)
 * @param sessions  venue to session rule; a venue not listed gets {@link SessionRule#UTC} (see {@link #ruleFor})
 * @param horizon   the bar topology's allowed lateness: how far behind an instrument's newest bar a bar can still
 *                  arrive or be revised; anything older is skipped
 */
public record FeatureConfig(Set<BarInterval> intervals, Map<String, SessionRule> sessions, Duration horizon) {
    /** The venues whose bars are US equities (and their options' underlyings), on the NYSE calendar. */
    public static final Map<String, SessionRule> DEFAULT_SESSIONS = Map.of(
            "polygon", SessionRule.US_EQUITY,
            "tastytrade", SessionRule.US_EQUITY,
            "ibkr", SessionRule.US_EQUITY);

    public static final Duration DEFAULT_HORIZON = Duration.ofMinutes(15);

    /** Same rule as the venue of an event: upper case would never match, since venues are lower-cased on decode. */
    private static final Pattern VENUE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");

    public FeatureConfig {
        if (intervals == null || intervals.isEmpty()) {
            throw new IllegalArgumentException("at least one feature interval is needed");
        }
        // Enum order, never Set.of's per-JVM order: the topology is built in this order, and every instance must
        // build the same one (sub-topology and task ids follow it).
        intervals = Collections.unmodifiableSet(EnumSet.copyOf(intervals));
        sessions = Map.copyOf(sessions);
        if (horizon == null || horizon.isNegative()) {
            throw new IllegalArgumentException("horizon must be a non-negative duration, got " + horizon);
        }
    }

    /** 1m bars, {@link #DEFAULT_SESSIONS}, a 15 min horizon. */
    public static FeatureConfig defaults() {
        return new FeatureConfig(Set.of(BarInterval.M1), DEFAULT_SESSIONS, DEFAULT_HORIZON);
    }

    /** The session rule of {@code venue}: the configured one, else {@link SessionRule#UTC}. */
    public SessionRule ruleFor(String venue) {
        return sessions.getOrDefault(venue, SessionRule.UTC);
    }

    public FeatureConfig withIntervals(Set<BarInterval> i) {
        return new FeatureConfig(i, sessions, horizon);
    }

    /** These rules replace the current ones of their venues; other venues keep theirs. */
    public FeatureConfig withSessions(Map<String, SessionRule> overrides) {
        Map<String, SessionRule> merged = new LinkedHashMap<>(sessions);
        merged.putAll(overrides);
        return new FeatureConfig(intervals, merged, horizon);
    }

    public FeatureConfig withHorizon(Duration h) {
        return new FeatureConfig(intervals, sessions, h);
    }

    /**
     * Parses {@code venue=rule,venue=rule} (rules {@code utc}, {@code us-equity}; blanks around items ignored,
     * venues lower-cased). Throws {@link IllegalArgumentException} naming the offending item.
     */
    public static Map<String, SessionRule> parseSessions(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("feature sessions must be venue=rule[,venue=rule...], got nothing");
        }
        Map<String, SessionRule> out = new LinkedHashMap<>();
        for (String item : spec.split(",", -1)) {
            String it = item.strip();
            int eq = it.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("feature session '" + it + "' must be venue=rule, e.g. binance=utc");
            }
            String venue = it.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!VENUE.matcher(venue).matches()) {
                throw new IllegalArgumentException(
                        "feature session '" + it + "': venue must match [a-z0-9][a-z0-9_.-]{0,31}");
            }
            SessionRule rule;
            try {
                rule = SessionRule.parse(it.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feature session '" + it + "': " + e.getMessage(), e);
            }
            if (out.put(venue, rule) != null) {
                throw new IllegalArgumentException("feature sessions name venue '" + venue + "' twice");
            }
        }
        return out;
    }

    /** Parses {@code 1m}, {@code 1s} or both ({@code 1s,1m}). */
    public static Set<BarInterval> parseIntervals(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("feature intervals must be 1s, 1m or 1s,1m, got nothing");
        }
        Set<BarInterval> out = EnumSet.noneOf(BarInterval.class);
        for (String item : spec.split(",", -1)) {
            try {
                out.add(BarInterval.ofLabel(item.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feature " + e.getMessage(), e);
            }
        }
        return out;
    }
}
