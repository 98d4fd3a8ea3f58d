package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.GapOracle;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Status;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.venuesim.FakeTastytradeServer;
import dev.ticktape.venuesim.InjectedFault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter against the fake tastytrade: streaming, keepalive, and recovery from each injected fault. */
class TastytradeAdapterIT {
    static final OptionContract CALL = OccSymbol.parse("SPY   270115C00600000", "SPY");
    static final OptionContract PUT = OccSymbol.parse("SPY   270115P00580000", "SPY");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final InMemoryPublisher published = new InMemoryPublisher();
    private FakeTastytradeServer server;
    private TastytradeAdapter adapter;

    @BeforeEach
    void start() {
        server = FakeTastytradeServer.start(0, 7, List.of(CALL, PUT), Duration.ofMillis(50), 2);
        TastytradeConfig cfg = TastytradeConfig.defaults(
                        server.restUrl(),
                        "refresh-secret",
                        "client-secret",
                        List.of(FakeTastytradeServer.ACCOUNT),
                        List.of())
                .withTimings(
                        Duration.ofMillis(300),
                        Duration.ofMillis(500),
                        2,
                        Duration.ofSeconds(30),
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(300)),
                        Duration.ofSeconds(1))
                .withQuoteTokenRefresh(Duration.ofSeconds(1));
        adapter = TastytradeAdapter.create(cfg, published, new SimpleMeterRegistry());
        adapter.start();
    }

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (server != null) server.close();
    }

    private List<Greeks> greeks() {
        return published.events().stream()
                .filter(Greeks.class::isInstance)
                .map(Greeks.class::cast)
                .toList();
    }

    private void awaitGreeksFor(OptionContract c, int after) {
        await().atMost(DEADLINE)
                .until(() ->
                        greeks().stream().skip(after).anyMatch(g -> g.contract().equals(c)));
    }

    private List<Status.State> states() {
        return published.events().stream()
                .filter(Status.class::isInstance)
                .map(s -> ((Status) s).state())
                .toList();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aContractTheVenueDoesNotListDegradesWithTheReasonAndLeavesASubscriptionGap() {
        adapter.close();
        OptionContract unlisted = OccSymbol.parse("SPY   270115C00999000", "SPY");
        adapter = TastytradeAdapter.create(
                TastytradeConfig.defaults(
                                server.restUrl(),
                                "refresh-secret",
                                "client-secret",
                                List.of(FakeTastytradeServer.ACCOUNT),
                                List.of(unlisted))
                        .withTimings(
                                Duration.ofMillis(300),
                                Duration.ofMillis(500),
                                2,
                                Duration.ofSeconds(30),
                                new Backoff(Duration.ofMillis(50), Duration.ofMillis(300)),
                                Duration.ofSeconds(1)),
                published,
                new SimpleMeterRegistry());
        adapter.start();

        await().atMost(DEADLINE).until(() -> refusals().size() == 1);
        InjectedFault refusal = refusals().get(0);
        assertThat(refusal.instruments()).containsExactly(".SPY270115C999");
        await().atMost(DEADLINE)
                .until(() -> published.events().stream()
                        .filter(Status.class::isInstance)
                        .map(Status.class::cast)
                        .anyMatch(st -> st.state() == Status.State.DEGRADED
                                && st.detail()
                                        .equals("subscription refused for SPY270115C00999000: INVALID_MESSAGE: "
                                                + refusal.detail())));
        // The venue names the symbol; the gap names the instrument as it is published.
        Map<String, String> names = Map.of(".SPY270115C999", "SPY270115C00999000");
        await().atMost(DEADLINE)
                .untilAsserted(
                        () -> GapOracle.assertRefusalsMatch(server.faults(), GapOracle.ledger(published), names::get));
        assertThat(GapOracle.ledger(published))
                .filteredOn(g -> g.cause() == Gap.Cause.SUBSCRIPTION_ERROR)
                .singleElement()
                .satisfies(g -> assertThat(g.isOpen()).isTrue());
        // The listed contracts still stream.
        awaitGreeksFor(CALL, 0);
        assertThat(greeks()).noneMatch(g -> g.contract().equals(unlisted));
    }

    private List<InjectedFault> refusals() {
        return server.faults().stream()
                .filter(f -> f.kind() == InjectedFault.Kind.SUBSCRIPTION_REFUSED)
                .toList();
    }

    @Test
    void streamsGreeksOfEveryPositionAndKeepsTheSessionAlivePastTheKeepaliveTimeout() {
        awaitGreeksFor(CALL, 0);
        awaitGreeksFor(PUT, 0);
        // Greeks precede the underlying's Trade in a frame: the very first snapshot can lack the underlying price.
        await().atMost(DEADLINE)
                .until(() -> greeks().stream()
                        .anyMatch(x -> x.contract().equals(PUT) && x.underlyingPrice() != null && x.mark() != null));
        Greeks g = greeks().stream()
                .filter(x -> x.contract().equals(PUT))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(g.venue()).isEqualTo("tastytrade");
        assertThat(g.symbol()).isEqualTo("SPY270115P00580000");
        assertThat(g.account()).isEqualTo(FakeTastytradeServer.ACCOUNT);
        assertThat(g.delta()).isBetween(-1.0, 0.0);
        assertThat(g.iv()).isBetween(0.01, 2.0);
        assertThat(g.underlyingPrice()).isPositive();
        assertThat(g.mark()).isPositive();
        int seen = greeks().size();
        // The server closes after 2 s without client traffic: only the client's KEEPALIVEs keep it open.
        await().pollDelay(Duration.ofSeconds(3)).atMost(DEADLINE).until(() -> greeks().size() > seen);
        assertThat(server.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void fetchesFreshQuoteTokensOnATimerAndReconnectsWithThem() {
        awaitGreeksFor(CALL, 0);
        int issued = server.quoteTokensIssued();
        await().atMost(DEADLINE).until(() -> server.quoteTokensIssued() >= issued + 2); // every second, unasked
        server.dropConnections();
        awaitGreeksFor(PUT, greeks().size());
        assertThat(server.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void logsInAgainAfterAuthExpiry() {
        awaitGreeksFor(CALL, 0);
        int logins = server.logins();
        server.expireAuth();
        await().atMost(DEADLINE).until(() -> server.logins() > logins);
        int seen = greeks().size();
        awaitGreeksFor(CALL, seen);
        assertThat(states()).contains(Status.State.DISCONNECTED);
        await().atMost(DEADLINE).until(() -> adapter.state() == Status.State.CONNECTED);
    }

    @Test
    void reconnectsAfterDropAndAfterServerSilence() {
        awaitGreeksFor(CALL, 0);
        server.dropConnections();
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() >= 2);
        awaitGreeksFor(CALL, greeks().size());
        server.stall(Duration.ofSeconds(4));
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() >= 3);
        awaitGreeksFor(CALL, greeks().size());
        assertThat(states()).contains(Status.State.DEGRADED, Status.State.DISCONNECTED);
        // The drop and the silence each produced exactly their gap: a disconnect, then a stale feed.
        await().atMost(DEADLINE)
                .untilAsserted(() ->
                        GapOracle.assertMatches(server.faults(), GapOracle.ledger(published), f -> switch (f.kind()) {
                            case DISCONNECT ->
                                new GapOracle.Expected(Gap.Cause.DISCONNECT, List.of(), Gap.Recovery.NONE);
                            case STALL -> new GapOracle.Expected(Gap.Cause.STALE_FEED, List.of(), Gap.Recovery.NONE);
                            default -> throw new AssertionError("unexpected lossy fault " + f);
                        }));
    }

    @Test
    void unsubscribesClosedPositions() {
        await().atMost(DEADLINE).until(() -> server.subscriptions().contains("Greeks:.SPY270115P580"));
        server.setPositions(List.of(CALL));
        await().atMost(DEADLINE).until(() -> !server.subscriptions().contains("Greeks:.SPY270115P580"));
        assertThat(server.subscriptions()).contains("Greeks:.SPY270115C600");
    }
}
