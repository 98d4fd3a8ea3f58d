package dev.ticktape.app.streaming;

import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeConfig;
import dev.ticktape.adapters.tastytrade.TastytradeSymbols;
import dev.ticktape.model.OptionContract;
import dev.ticktape.venuesim.FakeTastytradeServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Tastytrade Greeks over DXLink for every open option position (credentials from {@code TASTYTRADE_*}, never
 * logged), plus the contracts given as symbols (OCC). With {@code fake}, a fake tastytrade (REST + DXLink) holding
 * {@code positions} runs in this process.
 */
public final class TastytradeKind implements AdapterKind {
    private final boolean fake;
    private final List<OptionContract> positions;
    private FakeTastytradeServer venue;

    public TastytradeKind(boolean fake, List<OptionContract> positions) {
        this.fake = fake;
        this.positions = List.copyOf(positions);
    }

    @Override
    public String name() {
        return "tastytrade";
    }

    @Override
    public Optional<String> symbolProblem(String symbol) {
        return TastytradeSymbols.problem(symbol);
    }

    @Override
    public synchronized VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
        List<OptionContract> extra =
                symbols.stream().map(TastytradeSymbols::contract).toList();
        TastytradeConfig cfg;
        if (fake) {
            if (venue != null) venue.close();
            venue = FakeTastytradeServer.start(0, 42, positions);
            venue.autoFill(Duration.ofSeconds(20)); // so /v1/trades has something to show
            cfg = TastytradeConfig.defaults(
                            venue.restUrl(),
                            "dryrun-refresh",
                            "dryrun-secret",
                            List.of(FakeTastytradeServer.ACCOUNT),
                            extra)
                    .withAccountStreamerUrl(venue.accountStreamerUrl());
        } else {
            cfg = TastytradeConfig.fromEnv(System.getenv(), extra);
        }
        TastytradeAdapter a = TastytradeAdapter.create(cfg, publisher, registry);
        a.start();
        return a;
    }

    @Override
    public synchronized void close() {
        if (venue != null) venue.close();
        venue = null;
    }
}
