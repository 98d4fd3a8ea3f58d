package dev.ticktape.app.reconcile;

import dev.ticktape.adapters.polygon.PolygonAggregates;
import dev.ticktape.adapters.polygon.PolygonAggsRequest;
import dev.ticktape.adapters.polygon.PolygonPlanLimit;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Polygon 1-minute aggregates, paced by the plan's requests per minute. The REST base and key are looked up per
 * call (a fake venue is replaced when its adapter restarts; the key comes from the environment).
 */
final class PolygonVenueBars implements VenueBars {
    private final Supplier<String> restBaseUrl;
    private final Supplier<String> apiKey;
    private final PolygonPlanLimit planLimit;
    private String clientUrl;
    private PolygonAggregates client;

    PolygonVenueBars(Supplier<String> restBaseUrl, Supplier<String> apiKey, int requestsPerMinute) {
        this.restBaseUrl = restBaseUrl;
        this.apiKey = apiKey;
        this.planLimit = new PolygonPlanLimit(requestsPerMinute);
    }

    @Override
    public String venue() {
        return "polygon";
    }

    @Override
    public List<BarInterval> intervals() {
        return List.of(BarInterval.M1);
    }

    @Override
    public List<Bar> fetch(String symbol, BarInterval interval, long fromMs, long toMs)
            throws IOException, InterruptedException {
        // Both ends of a request are inclusive starts.
        List<Bar> out = new ArrayList<>();
        for (Bar b : client().bars(PolygonAggsRequest.of(symbol, interval, fromMs, toMs - 1))) {
            if (b.tsMs() >= fromMs && b.tsMs() < toMs) out.add(b);
        }
        return out;
    }

    private synchronized PolygonAggregates client() {
        String url = restBaseUrl.get();
        if (!url.equals(clientUrl)) {
            client = new PolygonAggregates(url, apiKey.get(), planLimit);
            clientUrl = url;
        }
        return client;
    }
}
