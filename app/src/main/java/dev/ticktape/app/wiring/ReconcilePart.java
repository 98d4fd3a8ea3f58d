package dev.ticktape.app.wiring;

import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.http.ReconciliationRoutes;
import dev.ticktape.app.reconcile.BarComparison;
import dev.ticktape.app.reconcile.OurBars;
import dev.ticktape.app.reconcile.ReconcileAlerts;
import dev.ticktape.app.reconcile.ReconcileSettings;
import dev.ticktape.app.reconcile.Reconciler;
import dev.ticktape.app.reconcile.VenueBars;
import dev.ticktape.app.reconcile.VenueBarsFactory;
import dev.ticktape.app.streaming.AdapterManager;
import dev.ticktape.persistence.JdbcReconciliationStore;
import dev.ticktape.persistence.ReconciliationStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation part: a {@link Reconciler} over the Binance and Polygon adapters of the control part, reading
 * our bars from the stores and writing {@code bar_reconciliation} to each of them. Needs both parts; without one it
 * says so once and does not run.
 */
final class ReconcilePart {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePart.class);

    private ReconcilePart() {}

    /** Starts the job when the spec asks for it and this process has the adapters and a store; else null. */
    static Reconciler start(PartContext ctx, StorePart stores, ControlPart control) {
        ReconcileSettings settings = ctx.spec().reconcile();
        if (settings == null) return null;
        if (stores == null || control == null) {
            LOG.warn("reconciliation needs the venue adapters and a store in this process; not started");
            return null;
        }
        List<VenueBars> venues = VenueBarsFactory.forKinds(ctx.spec().control().kinds(), settings);
        if (venues.isEmpty()) {
            LOG.warn("reconciliation: no Binance or Polygon adapter in this process; not started");
            return null;
        }
        ReconcileAlerts alerts = ctx.lifecycle().add("reconcile-alerts", new ReconcileAlerts(ctx.kafka()));
        AdapterManager adapters = control.adapters();
        Reconciler job = new Reconciler(
                settings,
                () -> subscribed(adapters),
                venues,
                new OurBars(stores.bars()),
                ReconcilePart.stores(stores),
                alerts::publish,
                ctx.registry());
        job.start();
        ctx.lifecycle().add("reconcile", job);
        LOG.info(
                "reconciliation tolerances: prices {} relative, volume {} relative, trades exact",
                BarComparison.PRICE_REL,
                BarComparison.VOLUME_REL);
        return job;
    }

    /** {@code GET /v1/reconciliation} and its summary, over the first store (DuckDB when it runs here). */
    static void routes(HttpEdge http, StorePart stores) {
        List<ReconciliationStore> s = stores(stores);
        if (s.isEmpty()) return;
        http.get("/v1/reconciliation", new ReconciliationRoutes.Rows(s.get(0)));
        http.get("/v1/reconciliation/summary", new ReconciliationRoutes.Summary(s.get(0)));
    }

    private static List<ReconciliationStore> stores(StorePart stores) {
        List<ReconciliationStore> out = new ArrayList<>();
        if (stores.duckdb() != null) out.add(JdbcReconciliationStore.duckdb(stores.duckdb()));
        if (stores.postgres() != null) out.add(JdbcReconciliationStore.postgres(stores.postgres()));
        return out;
    }

    /** Kind name (= venue) -> the symbols its running adapter subscribed. */
    private static Map<String, List<String>> subscribed(AdapterManager adapters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (AdapterManager.Running r : adapters.running().values()) out.put(r.kind(), r.symbols());
        return out;
    }
}
