package dev.ticktape.app.streaming;

import dev.ticktape.adapters.binance.BinanceAdapter;
import dev.ticktape.adapters.binance.BinanceConfig;
import dev.ticktape.adapters.binance.BinanceSymbols;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.venuesim.FakeBinanceServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance spot: against the real venue, or with {@code fake} against a fake Binance started in this process
 * (the {@code --dry-run} and demo mode), which serves whatever symbols are asked for.
 */
public final class BinanceKind implements AdapterKind {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceKind.class);
    private final boolean fake;
    private final long seed;
    private final Function<List<String>, FakeBinanceServer> fakeVenue;
    private FakeBinanceServer venue;

    public BinanceKind(boolean fake, long seed) {
        this.fake = fake;
        this.seed = seed;
        this.fakeVenue = symbols -> FakeBinanceServer.start(0, seed, symbols);
    }

    /** Against fake venues that {@code fakeVenue} starts for a symbol list (tests: a compressed venue clock). */
    public BinanceKind(Function<List<String>, FakeBinanceServer> fakeVenue) {
        this.fake = true;
        this.seed = 0;
        this.fakeVenue = fakeVenue;
    }

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public Optional<String> symbolProblem(String symbol) {
        return BinanceSymbols.problem(symbol);
    }

    @Override
    public synchronized VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
        if (symbols.isEmpty()) throw new IllegalArgumentException(name() + " needs symbols");
        BinanceConfig cfg;
        if (fake) {
            if (venue != null) venue.close(); // a fresh fake for the new symbol set
            venue = fakeVenue.apply(symbols);
            LOG.info("fake Binance venue at {} (REST {})", venue.wsUrl(), venue.restUrl());
            cfg = BinanceConfig.local(venue.wsUrl(), venue.restUrl(), symbols);
        } else {
            cfg = BinanceConfig.defaults(symbols);
        }
        BinanceAdapter a = BinanceAdapter.create(cfg, publisher, registry);
        a.start();
        return a;
    }

    /** The REST base the adapters of this kind use: the fake venue's, or production's. */
    public synchronized String restBaseUrl() {
        if (!fake) return BinanceConfig.PROD_REST;
        if (venue == null) throw new IllegalStateException("no fake binance venue runs");
        return venue.restUrl();
    }

    /** The fake venue, when one runs (tests inject faults through it). */
    public synchronized FakeBinanceServer venue() {
        return venue;
    }

    @Override
    public synchronized void close() {
        if (venue != null) venue.close();
        venue = null;
    }
}
