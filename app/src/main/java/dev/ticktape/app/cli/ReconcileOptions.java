package dev.ticktape.app.cli;

import dev.ticktape.app.reconcile.ReconcileSettings;
import dev.ticktape.model.BarInterval;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Reconciliation against the venues' own bars: on by default with {@code --demo}, opt-in for live venues. */
public final class ReconcileOptions {
    @Option(
            names = "--reconcile",
            defaultValue = "${env:TICKTAPE_RECONCILE:-false}",
            description = "Compare our bars with the venues' own (Binance klines, Polygon aggregates) into "
                    + "bar_reconciliation; on by default with --demo (default ${DEFAULT-VALUE}).")
    boolean reconcile;

    @Option(names = "--no-reconcile", description = "Do not reconcile, even with --demo.")
    boolean noReconcile;

    @Option(
            names = "--reconcile-every",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_RECONCILE_EVERY:-60s}",
            converter = DurationConverter.class,
            description = "How often reconciliation runs (default ${DEFAULT-VALUE}).")
    Duration every;

    @Option(
            names = "--reconcile-delay",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_RECONCILE_DELAY:-60s}",
            converter = DurationConverter.class,
            description = "A bar is reconciled once its end is this far in the past (default ${DEFAULT-VALUE}).")
    Duration delay;

    @Option(
            names = "--reconcile-alert-threshold",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_RECONCILE_ALERT_THRESHOLD:-0}",
            description = "Alert on md.alerts when a run finds more than N bars that do not match "
                    + "(default ${DEFAULT-VALUE}).")
    int alertThreshold;

    @Option(
            names = "--reconcile-intervals",
            paramLabel = "LIST",
            split = ",",
            defaultValue = "${env:TICKTAPE_RECONCILE_INTERVALS:-1m}",
            description = "Bar intervals reconciled against Binance: 1m, 1s (Polygon: 1m) (default ${DEFAULT-VALUE}).")
    List<String> intervals;

    @Option(
            names = "--reconcile-polygon-requests-per-minute",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_RECONCILE_POLYGON_RPM:-5}",
            description = "The Polygon plan's REST requests per minute for reconciliation; 0 = uncapped "
                    + "(default ${DEFAULT-VALUE}, the free tier's).")
    int polygonRequestsPerMinute;

    /** The settings, or null when off; {@code recheckFor} is the topology's allowed lateness. */
    ReconcileSettings settings(boolean onByDefault, Duration recheckFor) {
        if (noReconcile || !(reconcile || onByDefault)) return null;
        return new ReconcileSettings(
                every,
                delay,
                recheckFor,
                alertThreshold,
                intervals.stream()
                        .map(String::trim)
                        .map(BarInterval::ofLabel)
                        .distinct()
                        .toList(),
                polygonRequestsPerMinute,
                Clock.systemUTC());
    }
}
