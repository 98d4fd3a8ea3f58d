package dev.ticktape.app.streaming;

import dev.ticktape.adapters.ibkr.GatewayTls;
import dev.ticktape.adapters.ibkr.IbkrAdapter;
import dev.ticktape.adapters.ibkr.IbkrConfig;
import dev.ticktape.adapters.ibkr.IbkrSymbols;
import dev.ticktape.adapters.runtime.EventPublisher;
import dev.ticktape.adapters.runtime.VenueAdapter;
import dev.ticktape.model.OptionContract;
import dev.ticktape.venuesim.FakeIbkrGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * IBKR Greeks through the Client Portal gateway (the gateway's self-signed certificate is trusted only when asked:
 * {@code tls}). Symbols are extra conids. With {@code fake}, a fake gateway holding {@code positions} runs here.
 */
public final class IbkrKind implements AdapterKind {
    private final boolean fake;
    private final String baseUrl;
    private final List<String> accounts;
    private final GatewayTls tls;
    private final List<OptionContract> positions;
    private FakeIbkrGateway venue;

    public IbkrKind(
            boolean fake, String baseUrl, List<String> accounts, GatewayTls tls, List<OptionContract> positions) {
        this.fake = fake;
        this.baseUrl = baseUrl;
        this.accounts = List.copyOf(accounts);
        this.tls = tls;
        this.positions = List.copyOf(positions);
    }

    @Override
    public String name() {
        return "ibkr";
    }

    @Override
    public Optional<String> symbolProblem(String symbol) {
        return IbkrSymbols.problem(symbol);
    }

    @Override
    public synchronized VenueAdapter start(List<String> symbols, EventPublisher publisher, MeterRegistry registry) {
        List<Long> conids = IbkrSymbols.conids(symbols);
        IbkrConfig cfg;
        if (fake) {
            if (venue != null) venue.close();
            venue = FakeIbkrGateway.start(0, 42, positions);
            venue.autoFill(Duration.ofSeconds(20)); // so /v1/trades has something to show
            cfg = IbkrConfig.defaults(venue.baseUrl(), accounts, conids, GatewayTls.jdkDefault())
                    .withWsUrl(venue.wsUrl());
        } else {
            cfg = IbkrConfig.defaults(baseUrl, accounts, conids, tls);
        }
        IbkrAdapter a = IbkrAdapter.create(cfg, publisher, registry);
        a.start();
        return a;
    }

    @Override
    public synchronized void close() {
        if (venue != null) venue.close();
        venue = null;
    }
}
