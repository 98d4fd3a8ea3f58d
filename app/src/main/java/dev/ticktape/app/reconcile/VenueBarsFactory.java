package dev.ticktape.app.reconcile;

import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.PolygonKind;
import java.util.ArrayList;
import java.util.List;

/** The {@link VenueBars} of the adapter kinds a process can run: Binance and Polygon have the venue's own bars. */
public final class VenueBarsFactory {
    private VenueBarsFactory() {}

    public static List<VenueBars> forKinds(List<AdapterKind> kinds, ReconcileSettings settings) {
        List<VenueBars> out = new ArrayList<>();
        for (AdapterKind k : kinds) {
            if (k instanceof BinanceKind b) {
                out.add(new BinanceVenueBars(b::restBaseUrl, settings.binanceIntervals()));
            } else if (k instanceof PolygonKind p) {
                out.add(new PolygonVenueBars(p::restBaseUrl, p::restApiKey, settings.polygonRequestsPerMinute()));
            }
        }
        return out;
    }
}
