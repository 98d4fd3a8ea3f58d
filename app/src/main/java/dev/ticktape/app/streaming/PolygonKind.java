package dev.ticktape.app.streaming;

import dev.ticktape.adapters.calendar.SessionScheduler;
import dev.ticktape.adapters.polygon.PolygonAdapter;
import dev.ticktape.adapters.polygon.PolygonConfig;
import dev.ticktape.adapters.polygon.PolygonSymbols;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.model.calendar.UsEquityCalendar;
import dev.ticktape.venuesim.FakePolygonServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polygon stocks: against the real venue with the key from {@code POLYGON_API_KEY} (never logged), or with
 * {@code fake} against a fake Polygon started in this process. A refused key is fatal: {@code onFatal} hears it.
 */
public final class PolygonKind implements AdapterKind {
    private static final Logger LOG = LoggerFactory.getLogger(PolygonKind.class);
    private static final String FAKE_KEY = "dryrun";
    private final boolean fake;
    private final long seed;
    private final Consumer<String> onFatal;
    private final Duration scheduleLead;
    private Function<List<String>, FakePolygonServer> fakeVenue;
    private FakePolygonServer venue;

    public PolygonKind(boolean fake, long seed, Consumer<String> onFatal) {
        this(fake, seed, onFatal, null);
    }

    /**
     * @param scheduleLead when not null, run only around NYSE regular sessions: start this long before the open,
     *                     stop this long after the close
     */
    public PolygonKind(boolean fake, long seed, Consumer<String> onFatal, Duration scheduleLead) {
        this.fake = fake;
        this.seed = seed;
        this.onFatal = onFatal;
        this.scheduleLead = scheduleLead;
        this.fakeVenue = symbols -> FakePolygonServer.start(0, seed, symbols);
    }

    /** Against fake venues that {@code fakeVenue} starts for a symbol list (tests: a compressed venue clock). */
    public PolygonKind(Function<List<String>, FakePolygonServer> fakeVenue, Consumer<String> onFatal) {
        this(true, 0, onFatal, null);
        this.fakeVenue = fakeVenue;
    }

    @Override
    public String name() {
        return "polygon";
    }

    @Override
    public Optional<String> symbolProblem(String symbol) {
        return PolygonSymbols.problem(symbol);
    }

    @Override
    public synchronized VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
        if (symbols.isEmpty()) throw new IllegalArgumentException(name() + " needs symbols");
        List<String> syms =
                symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
        PolygonConfig cfg;
        if (fake) {
            if (venue != null) venue.close();
            venue = fakeVenue.apply(syms);
            LOG.info("fake Polygon venue at {} (REST {})", venue.wsUrl(), venue.restUrl());
            cfg = PolygonConfig.local(venue.wsUrl(), venue.restUrl(), syms, FAKE_KEY);
        } else {
            String key = System.getenv(PolygonConfig.API_KEY_ENV);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("set " + PolygonConfig.API_KEY_ENV + " (or use --dry-run)");
            }
            cfg = PolygonConfig.defaults(syms, key);
        }
        PolygonConfig config = cfg;
        if (scheduleLead != null) {
            SessionScheduler scheduler = new SessionScheduler(
                    UsEquityCalendar.nyse(),
                    scheduleLead,
                    scheduleLead,
                    () -> {
                        PolygonAdapter a = PolygonAdapter.create(config, publisher, registry);
                        a.fatal().thenAccept(onFatal);
                        return a;
                    },
                    Clock.systemUTC());
            ScheduledAdapter scheduled = new ScheduledAdapter(name(), scheduler);
            scheduled.start();
            LOG.info(
                    "polygon adapter scheduled around NYSE sessions ({} before the open, after the close)",
                    scheduleLead);
            return scheduled;
        }
        PolygonAdapter a = PolygonAdapter.create(config, publisher, registry);
        a.fatal().thenAccept(onFatal);
        a.start();
        return a;
    }

    /** The REST base the adapters of this kind use: the fake venue's, or production's. */
    public synchronized String restBaseUrl() {
        if (!fake) return PolygonConfig.PROD_REST;
        if (venue == null) throw new IllegalStateException("no fake polygon venue runs");
        return venue.restUrl();
    }

    /** The key for REST: the fake's, or {@value PolygonConfig#API_KEY_ENV} from the environment. */
    public String restApiKey() {
        if (fake) return FAKE_KEY;
        String key = System.getenv(PolygonConfig.API_KEY_ENV);
        if (key == null || key.isBlank()) throw new IllegalStateException("set " + PolygonConfig.API_KEY_ENV);
        return key;
    }

    /** The fake venue, when one runs (tests inject faults through it). */
    public synchronized FakePolygonServer venue() {
        return venue;
    }

    @Override
    public synchronized void close() {
        if (venue != null) venue.close();
        venue = null;
    }
}
