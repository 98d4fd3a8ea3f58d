package dev.ticktape.app.reconcile;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.BarReconciliation;
import dev.ticktape.persistence.ReconciliationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation job: every run, for each subscribed instrument of each venue with a {@link VenueBars}, checks
 * the windows that closed since the last run (at least {@code delay} ago), comparing the venue's bars with ours
 * ({@link BarComparison}), and stores one row per window in every store. A window that did not match is checked
 * again on later runs for {@code recheckFor} (a late trade may still complete our bar), its row replaced each
 * time. The first window checked for an instrument is the first minute that starts at least {@value #FIRST_SLACK_MS}
 * ms after the job first saw it subscribed, so a partly received minute is never judged.
 *
 * <p>Meters: {@code ticktape.reconcile.checked}, {@code .matched}, {@code .mismatched} (tag {@code status}:
 * mismatched, missing_ours, missing_theirs) per venue and interval, counting first checks; {@code .rechecked} per
 * outcome; {@code .errors} per venue. A run whose new non-matching windows exceed the threshold raises one alert.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Lets a just-started adapter connect before the first window it is judged on. */
    static final long FIRST_SLACK_MS = 30_000;
    /** Bounds one run after a long outage of the venue's REST API: older windows come in later runs. */
    static final long MAX_SPAN_MS = 60 * 60_000L;
    /** Windows named in one alert. */
    private static final int ALERT_WINDOWS = 20;

    /** What one run did. */
    public record Run(int checked, int matched, int notMatched, int rechecked, int errors) {}

    private record Series(String venue, String symbol, BarInterval interval) {}

    private final ReconcileSettings settings;
    private final Supplier<Map<String, List<String>>> subscribed;
    private final Map<String, VenueBars> venues = new LinkedHashMap<>();
    private final OurBars ours;
    private final List<ReconciliationStore> stores;
    private final ReconcileAlerts.Sink alerts;
    private final MeterRegistry registry;
    private final Map<Series, Long> next = new HashMap<>();
    /** Non-matching windows still to re-check: series -> window start -> re-check until (ms). */
    private final Map<Series, TreeMap<Long, Long>> pending = new HashMap<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconcile");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param subscribed venue -> the instruments subscribed now (upper case, as in our bars)
     */
    public Reconciler(
            ReconcileSettings settings,
            Supplier<Map<String, List<String>>> subscribed,
            List<VenueBars> venues,
            OurBars ours,
            List<ReconciliationStore> stores,
            ReconcileAlerts.Sink alerts,
            MeterRegistry registry) {
        this.settings = settings;
        this.subscribed = subscribed;
        venues.forEach(v -> this.venues.put(v.venue(), v));
        this.ours = ours;
        this.stores = List.copyOf(stores);
        this.alerts = alerts;
        this.registry = registry;
    }

    public void start() {
        long period = settings.every().toMillis();
        timer.scheduleWithFixedDelay(this::runQuietly, period, period, TimeUnit.MILLISECONDS);
        LOG.info(
                "reconciliation started: {} every {} ms, {} ms behind, alert above {} windows per run",
                venues.keySet(),
                settings.every().toMillis(),
                settings.delay().toMillis(),
                settings.alertThreshold());
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("reconciliation run failed: {}", e.toString());
        }
    }

    /** One run: re-checks, then the windows closed since the last run. */
    public synchronized Run runOnce() {
        long now = settings.clock().millis();
        long closedBefore = BarInterval.M1.start(now - settings.delay().toMillis());
        Map<String, List<String>> subs = subscribed.get();
        List<BarReconciliation> firstChecks = new ArrayList<>();
        List<BarReconciliation> rechecks = new ArrayList<>();
        int errors = 0;
        for (VenueBars venue : venues.values()) {
            for (String symbol : subs.getOrDefault(venue.venue(), List.of())) {
                for (BarInterval interval : venue.intervals()) {
                    Series s = new Series(venue.venue(), symbol.toUpperCase(Locale.ROOT), interval);
                    try {
                        recheck(s, venue, now, rechecks);
                        long from = next.computeIfAbsent(s, k -> ceilMinute(now + FIRST_SLACK_MS));
                        long to = Math.min(closedBefore, from + MAX_SPAN_MS);
                        if (to <= from) continue;
                        firstChecks.addAll(check(s, venue, from, to, now));
                        next.put(s, to);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Run(0, 0, 0, 0, errors);
                    } catch (Exception e) {
                        errors++;
                        Counter.builder("ticktape.reconcile.errors")
                                .tag("venue", venue.venue())
                                .register(registry)
                                .increment();
                        LOG.warn(
                                "reconciliation of {} {} {} failed, retried next run: {}",
                                s.venue(),
                                s.symbol(),
                                interval.label(),
                                e.toString());
                    }
                }
            }
        }
        List<BarReconciliation> all = new ArrayList<>(rechecks);
        all.addAll(firstChecks);
        store(all);
        int matched = 0;
        List<BarReconciliation> notMatched = new ArrayList<>();
        for (BarReconciliation r : firstChecks) {
            count(r, r.status().equals(ReconStatus.MATCHED.label()) ? "matched" : "mismatched");
            if (r.status().equals(ReconStatus.MATCHED.label())) matched++;
            else notMatched.add(r);
        }
        for (BarReconciliation r : rechecks) {
            Counter.builder("ticktape.reconcile.rechecked")
                    .tag("venue", r.venue())
                    .tag("interval", r.interval())
                    .tag("status", r.status())
                    .register(registry)
                    .increment();
        }
        if (!notMatched.isEmpty()) {
            LOG.warn(
                    "reconciliation: {} of {} new windows do not match the venue (first: {} {} {} at {}: {})",
                    notMatched.size(),
                    firstChecks.size(),
                    notMatched.get(0).venue(),
                    notMatched.get(0).symbol(),
                    notMatched.get(0).interval(),
                    java.time.Instant.ofEpochMilli(notMatched.get(0).tsMs()),
                    notMatched.get(0).status());
        }
        if (notMatched.size() > settings.alertThreshold()) alert(notMatched, firstChecks.size(), now);
        return new Run(firstChecks.size(), matched, notMatched.size(), rechecks.size(), errors);
    }

    /** Compares every window of {@code s} starting in {@code [from, to)}; non-matching ones join the re-checks. */
    private List<BarReconciliation> check(Series s, VenueBars venue, long from, long to, long now) throws Exception {
        Map<Long, Bar> theirs = new TreeMap<>();
        for (Bar b : venue.fetch(s.symbol(), s.interval(), from, to)) theirs.put(b.tsMs(), b);
        Map<Long, Bar> mine = ours.bars(s.venue(), s.symbol(), s.interval(), from, to);
        TreeSet<Long> windows = new TreeSet<>(theirs.keySet());
        windows.addAll(mine.keySet());
        List<BarReconciliation> rows = new ArrayList<>();
        long until = now + settings.recheckFor().toMillis();
        for (long ts : windows) {
            Bar o = mine.get(ts);
            Bar t = theirs.get(ts);
            BarComparison.Verdict v = BarComparison.compare(o, t);
            if (v == null) continue;
            rows.add(new BarReconciliation(
                    s.venue(),
                    s.symbol(),
                    s.interval().label(),
                    ts,
                    v.status().label(),
                    v.fields(),
                    BarJson.of(o),
                    BarJson.of(t),
                    now));
            if (v.status() != ReconStatus.MATCHED && until > now) {
                pending.computeIfAbsent(s, k -> new TreeMap<>()).putIfAbsent(ts, until);
            }
        }
        return rows;
    }

    /** Re-checks the pending windows of {@code s}, one minute span at a time; drops the matched and expired. */
    private void recheck(Series s, VenueBars venue, long now, List<BarReconciliation> out) throws Exception {
        TreeMap<Long, Long> windows = pending.get(s);
        if (windows == null) return;
        windows.values().removeIf(until -> until < now);
        TreeSet<Long> minutes = new TreeSet<>();
        for (long ts : windows.keySet()) minutes.add(BarInterval.M1.start(ts));
        for (long minute : minutes) {
            long end = minute + BarInterval.M1.millis();
            Map<Long, Long> before = new HashMap<>(windows.subMap(minute, end));
            for (BarReconciliation r : check(s, venue, minute, end, now)) {
                if (!before.containsKey(r.tsMs())) continue; // not pending: its first row stands
                out.add(r);
                if (r.status().equals(ReconStatus.MATCHED.label())) windows.remove(r.tsMs());
                else windows.put(r.tsMs(), before.get(r.tsMs())); // keeps its original deadline
            }
        }
        for (Iterator<Map.Entry<Series, TreeMap<Long, Long>>> it =
                        pending.entrySet().iterator();
                it.hasNext(); ) {
            if (it.next().getValue().isEmpty()) it.remove();
        }
    }

    private void store(List<BarReconciliation> rows) {
        if (rows.isEmpty()) return;
        for (ReconciliationStore store : stores) {
            try {
                store.upsert(rows);
            } catch (RuntimeException e) {
                Counter.builder("ticktape.reconcile.errors")
                        .tag("venue", "store")
                        .register(registry)
                        .increment();
                LOG.warn("could not store {} reconciliation rows: {}", rows.size(), e.getMessage());
            }
        }
    }

    private void count(BarReconciliation r, String outcome) {
        Counter.builder("ticktape.reconcile.checked")
                .description("Windows compared with the venue's own bars (first checks)")
                .tag("venue", r.venue())
                .tag("interval", r.interval())
                .register(registry)
                .increment();
        Counter.Builder b = Counter.builder("ticktape.reconcile." + outcome)
                .tag("venue", r.venue())
                .tag("interval", r.interval());
        if (outcome.equals("mismatched")) b.tag("status", r.status());
        b.register(registry).increment();
    }

    private void alert(List<BarReconciliation> notMatched, int checked, long now) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "alert");
        a.put("alert", ReconcileAlerts.ALERT);
        a.put("state", "raised");
        a.put("ts_ms", now);
        a.put("checked", checked);
        a.put("mismatches", notMatched.size());
        a.put("threshold", settings.alertThreshold());
        List<Map<String, Object>> windows = new ArrayList<>();
        for (BarReconciliation r : notMatched.subList(0, Math.min(ALERT_WINDOWS, notMatched.size()))) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("venue", r.venue());
            w.put("symbol", r.symbol());
            w.put("interval", r.interval());
            w.put("ts_ms", r.tsMs());
            w.put("status", r.status());
            w.put("fields_differing", r.fieldsDiffering());
            windows.add(w);
        }
        a.put("windows", windows);
        alerts.publish(a);
        Counter.builder("ticktape.alerts")
                .tag("alert", ReconcileAlerts.ALERT)
                .tag("state", "raised")
                .register(registry)
                .increment();
    }

    private static long ceilMinute(long ms) {
        long start = BarInterval.M1.start(ms);
        return start == ms ? ms : start + BarInterval.M1.millis();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        LOG.info("reconciliation stopped");
    }
}
