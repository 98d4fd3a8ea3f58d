package dev.ticktape.app.http;

import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Summary;
import dev.ticktape.persistence.FeatureQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredFeature;
import dev.ticktape.persistence.StoredSummary;
import dev.ticktape.persistence.SummaryQueries;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stored summaries and intraday features (docs/analytics.md), paged by {@link Paging} like the bars. The newest
 * values straight from the analytics application's state are {@link LatestAnalyticsRoute}'s.
 */
public final class AnalyticsRoutes {
    private AnalyticsRoutes() {}

    /**
     * {@code GET /v1/summaries?symbol=&venue=&window=&from=&to=&limit=&cursor=}: rows of {@code quotient_summaries}
     * whose window end lies in {@code [from, to)} (default: the last hour), ordered by end, venue, window length.
     * No {@code window} means every window length; no {@code venue}, every venue.
     */
    public static final class Summaries implements HttpEdge.Route {
        private final SummaryQueries queries;
        private final InstrumentCatalog catalog;

        public Summaries(SummaryQueries queries, InstrumentCatalog catalog) {
            this.queries = queries;
            this.catalog = catalog;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) throws IOException {
            Ask a = Ask.of(q);
            HttpEdge.Response unknown = catalog.unknown(a.venue(), a.symbol());
            if (unknown != null) return unknown;
            Long window = q.containsKey("window") ? windowMillis(q.get("window")) : null;
            int limit = a.limit();
            Paging.Page<StoredSummary> page = Paging.of(
                    queries.summaries(a.venue(), a.symbol(), window, a.from(), a.to(), a.cursor(), limit + 1),
                    limit,
                    StoredSummary::pageKey);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredSummary s : page.rows()) rows.add(row(s));
            return HttpEdge.Response.ok(OptionsRoutes.body(limit, page, "summaries", rows));
        }

        private static Map<String, Object> row(StoredSummary stored) {
            Summary s = stored.summary();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("venue", s.venue());
            m.put("symbol", s.symbol());
            m.put("window_ms", s.windowMs());
            m.put("end_ts", Instant.ofEpochMilli(s.tsMs()).toString());
            m.put("bars", s.bars());
            m.put("expected", s.expected());
            m.put("coverage", s.coverage());
            m.put("first_close", s.firstClose());
            m.put("last_close", s.lastClose());
            m.put("log_return", s.logReturn());
            m.put("mean_close", s.meanClose());
            m.put("stdev_close", s.stdevClose());
            m.put("min_close", s.minClose());
            m.put("max_close", s.maxClose());
            m.put("slope", s.slope());
            m.put("slope_norm", s.slopeNorm());
            m.put("zscore", s.zscore());
            m.put("realized_vol", s.realizedVol());
            m.put("volume", s.volume());
            m.put("vwap", s.vwap());
            m.put("revision", s.revision());
            m.put("computed_at", Instant.ofEpochMilli(s.recvMs()).toString());
            m.put("ingested_at", stored.ingestedAt().toString());
            return m;
        }
    }

    /**
     * {@code GET /v1/features?symbol=&venue=&name=&interval=1m&from=&to=&limit=&cursor=}: rows of
     * {@code intraday_features} (one per bar and feature) whose bar starts in {@code [from, to)} (default: the last
     * hour), ordered by bar start, venue, feature name, version.
     */
    public static final class Features implements HttpEdge.Route {
        private final FeatureQueries queries;
        private final InstrumentCatalog catalog;

        public Features(FeatureQueries queries, InstrumentCatalog catalog) {
            this.queries = queries;
            this.catalog = catalog;
        }

        @Override
        public HttpEdge.Response handle(Map<String, String> q) throws IOException {
            Ask a = Ask.of(q);
            HttpEdge.Response unknown = catalog.unknown(a.venue(), a.symbol());
            if (unknown != null) return unknown;
            BarInterval interval = BarInterval.ofLabel(q.getOrDefault("interval", "1m"));
            int limit = a.limit();
            Paging.Page<StoredFeature> page = Paging.of(
                    queries.features(
                            a.venue(), a.symbol(), q.get("name"), interval, a.from(), a.to(), a.cursor(), limit + 1),
                    limit,
                    StoredFeature::pageKey);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredFeature f : page.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("venue", f.venue());
                m.put("symbol", f.symbol());
                m.put("interval", f.interval().label());
                m.put("timestamp", f.timestamp().toString());
                m.put("feature_name", f.featureName());
                m.put("value", f.value());
                m.put("version", f.version());
                m.put("session_date", f.sessionDate().toString());
                m.put("bar_revision", f.barRevision());
                m.put("computed_at", f.computedAt().toString());
                rows.add(m);
            }
            return HttpEdge.Response.ok(OptionsRoutes.body(limit, page, "features", rows));
        }
    }

    /** What both routes are asked: symbol (required), venue (optional), time range and page. */
    private record Ask(String symbol, String venue, Instant from, Instant to, int limit, PageKey cursor) {
        static Ask of(Map<String, String> q) {
            Instant[] range = OptionsRoutes.range(q);
            return new Ask(
                    AnalyticsRoutes.symbol(q),
                    AnalyticsRoutes.venue(q),
                    range[0],
                    range[1],
                    Paging.limit(q),
                    Paging.cursor(q));
        }
    }

    private static String symbol(Map<String, String> q) {
        String symbol = q.get("symbol");
        if (symbol == null || symbol.isBlank()) throw new IllegalArgumentException("symbol is required");
        return symbol.toUpperCase(Locale.ROOT);
    }

    private static String venue(Map<String, String> q) {
        String venue = q.get("venue");
        return venue == null || venue.isBlank() ? null : venue.toLowerCase(Locale.ROOT);
    }

    /** {@code 60s}, {@code 5m} or milliseconds. */
    static long windowMillis(String w) {
        String v = w.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) return Long.parseLong(v.substring(0, v.length() - 2));
            if (v.endsWith("s"))
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)))
                        .toMillis();
            if (v.endsWith("m"))
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)))
                        .toMillis();
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("window must look like 60s, 5m or 60000, got " + w);
        }
    }
}
