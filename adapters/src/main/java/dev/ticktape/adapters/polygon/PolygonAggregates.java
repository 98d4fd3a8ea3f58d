package dev.ticktape.adapters.polygon;

import dev.ticktape.model.Bar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The venue's own bars over REST, as platform {@link Bar}s with the venue's trade count: what reconciliation
 * compares the platform's bars with. Requests are paced by a {@link PolygonPlanLimit} and retried on 429 after
 * {@code Retry-After}; the key travels in a header only. Blocking: call from a dedicated thread.
 */
public final class PolygonAggregates {
    private final PolygonGapFill fetch;
    private final PolygonParser parser = new PolygonParser();
    private final String source;

    /**
     * @param restBaseUrl e.g. {@link PolygonConfig#PROD_REST} or a fake venue's REST URL
     * @param planLimit   the key's request budget
     */
    public PolygonAggregates(String restBaseUrl, String apiKey, PolygonPlanLimit planLimit) {
        String base = restBaseUrl.endsWith("/") ? restBaseUrl.substring(0, restBaseUrl.length() - 1) : restBaseUrl;
        this.fetch = new PolygonGapFill(new PolygonRest(base, apiKey, planLimit), parser);
        this.source = "rest:" + PolygonParser.VENUE;
    }

    /**
     * The bars {@code request} returns, oldest first.
     *
     * @throws dev.ticktape.model.InvalidEventException when the request's bar size is not 1 second or 1 minute
     *                                                  (checked before anything is sent)
     */
    public List<Bar> bars(PolygonAggsRequest request) throws IOException, InterruptedException {
        request.requireBarInterval();
        List<Bar> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (PolygonAggsPage.Bar b : fetch.bars(request)) out.add(parser.toBar(request, b, now, source));
        return out;
    }
}
