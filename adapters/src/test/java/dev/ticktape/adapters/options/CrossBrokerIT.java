package dev.ticktape.adapters.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.ibkr.GatewayTls;
import dev.ticktape.adapters.ibkr.IbkrAdapter;
import dev.ticktape.adapters.ibkr.IbkrConfig;
import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.tastytrade.TastytradeAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeConfig;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Status;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.venuesim.FakeIbkrGateway;
import dev.ticktape.venuesim.FakeTastytradeServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both brokers into one publisher: the same option has one identity, and one broker's outage leaves the other alone. */
class CrossBrokerIT {
    static final OptionContract WEEKLY = OccSymbol.parse("SPXW  270115P05990000", "SPX");
    static final OptionContract AAPL = OccSymbol.parse("AAPL  270115C00197500", "AAPL");
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(300));

    private final InMemoryPublisher published = new InMemoryPublisher();
    private FakeTastytradeServer tasty;
    private FakeIbkrGateway gateway;
    private TastytradeAdapter tastyAdapter;
    private IbkrAdapter ibkrAdapter;

    @BeforeEach
    void start() {
        tasty = FakeTastytradeServer.start(0, 1, List.of(WEEKLY, AAPL), Duration.ofMillis(50), 2);
        gateway = FakeIbkrGateway.start(
                0, 2, List.of(WEEKLY, AAPL), Duration.ofMillis(50), Duration.ofMinutes(10), Duration.ofMillis(300));
        tastyAdapter = TastytradeAdapter.create(
                TastytradeConfig.defaults(tasty.restUrl(), "r", "s", List.of(FakeTastytradeServer.ACCOUNT), List.of())
                        .withTimings(
                                Duration.ofSeconds(5),
                                Duration.ofMillis(500),
                                2,
                                Duration.ofSeconds(30),
                                FAST,
                                Duration.ofSeconds(1)),
                published,
                new SimpleMeterRegistry());
        ibkrAdapter = IbkrAdapter.create(
                IbkrConfig.defaults(gateway.baseUrl(), List.of(), List.of(), GatewayTls.jdkDefault())
                        .withTimings(
                                Duration.ofSeconds(1),
                                Duration.ofMillis(500),
                                Duration.ofMinutes(5),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(30),
                                FAST,
                                Duration.ofSeconds(1))
                        .withWsUrl(gateway.wsUrl()),
                published,
                new SimpleMeterRegistry());
        tastyAdapter.start();
        ibkrAdapter.start();
    }

    @AfterEach
    void stop() {
        if (tastyAdapter != null) tastyAdapter.close();
        if (ibkrAdapter != null) ibkrAdapter.close();
        if (tasty != null) tasty.close();
        if (gateway != null) gateway.close();
    }

    private List<Greeks> greeks(String venue) {
        return published.events().stream()
                .filter(Greeks.class::isInstance)
                .map(Greeks.class::cast)
                .filter(g -> g.venue().equals(venue))
                .toList();
    }

    @Test
    void sameOptionFromBothBrokersHasTheIdenticalContract() {
        for (OptionContract c : List.of(WEEKLY, AAPL)) {
            await().atMost(DEADLINE)
                    .until(() -> greeks("tastytrade").stream()
                                    .anyMatch(g -> g.contract().equals(c))
                            && greeks("ibkr").stream()
                                    .anyMatch(g -> g.contract().equals(c)));
            Greeks t = greeks("tastytrade").stream()
                    .filter(g -> g.contract().equals(c))
                    .findFirst()
                    .orElseThrow();
            Greeks i = greeks("ibkr").stream()
                    .filter(g -> g.contract().equals(c))
                    .findFirst()
                    .orElseThrow();
            assertThat(t.contract()).isEqualTo(i.contract());
            assertThat(t.symbol()).isEqualTo(i.symbol());
            assertThat(t.key()).isNotEqualTo(i.key()); // broker stays in the key
        }
        assertThat(greeks("ibkr").get(0).contract().underlying()).isIn("SPX", "AAPL");
    }

    @Test
    void killingOneBrokersVenueDoesNotDisturbTheOther() {
        await().atMost(DEADLINE)
                .until(() -> !greeks("tastytrade").isEmpty() && !greeks("ibkr").isEmpty());
        tasty.close();
        await().atMost(DEADLINE).until(() -> tastyAdapter.state() == Status.State.DISCONNECTED);
        int ibkrBefore = greeks("ibkr").size();
        await().atMost(DEADLINE).until(() -> greeks("ibkr").size() > ibkrBefore + 20);
        assertThat(ibkrAdapter.state()).isEqualTo(Status.State.CONNECTED);
        assertThat(ibkrAdapter.metrics().reconnects()).isZero();
    }
}
