package dev.ticktape.adapters.ibkr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.model.Execution;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.venuesim.FakeIbkrGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Command-line conids (resolved through {@code /trsrv/secdef}) and account executions ({@code str} live,
 * {@code /iserver/account/trades} catch-up) against the fake gateway.
 */
class IbkrExecutionsIT {
    static final OptionContract HELD = OccSymbol.parse("SPY   270115C00600000", "SPY");
    static final OptionContract ASKED = OccSymbol.parse("QQQ   270115P00450000", "QQQ");
    static final OptionContract OTHER = OccSymbol.parse("IWM   270115C00220000", "IWM");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final InMemoryPublisher published = new InMemoryPublisher();
    private FakeIbkrGateway gateway;
    private IbkrAdapter adapter;

    @BeforeEach
    void start() {
        gateway = FakeIbkrGateway.start(
                0,
                9,
                List.of(HELD),
                List.of(ASKED, OTHER),
                Duration.ofMillis(50),
                Duration.ofMinutes(10),
                Duration.ofMillis(300));
        // ASKED is named on the command line; 999 is not a contract the gateway knows.
        IbkrConfig cfg = IbkrConfig.defaults(
                        gateway.baseUrl(), List.of(), List.of(gateway.conid(ASKED), 999L), GatewayTls.jdkDefault())
                .withTimings(
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(300)),
                        Duration.ofSeconds(1))
                .withWsUrl(gateway.wsUrl());
        adapter = IbkrAdapter.create(cfg, published, new SimpleMeterRegistry());
        adapter.start();
    }

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (gateway != null) gateway.close();
    }

    private List<Execution> executions() {
        return published.events().stream()
                .filter(Execution.class::isInstance)
                .map(Execution.class::cast)
                .toList();
    }

    @Test
    void commandLineConidsGetGreeksWithTheirContractFromSecdef() {
        await().atMost(DEADLINE)
                .until(() -> published.events().stream()
                        .anyMatch(e -> e instanceof Greeks g && g.contract().equals(ASKED)));
        Greeks g = published.events().stream()
                .filter(e -> e instanceof Greeks x && x.contract().equals(ASKED))
                .map(Greeks.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(g.symbol()).isEqualTo("QQQ270115P00450000");
        assertThat(g.account()).isNull(); // asked for, not held
        assertThat(adapter.subscriptions())
                .contains("O:" + gateway.conid(ASKED))
                .doesNotContain("O:999");
        // The held option streams too; the unknown conid is not subscribed.
        await().atMost(DEADLINE)
                .until(() -> published.events().stream()
                        .anyMatch(e -> e instanceof Greeks x && x.contract().equals(HELD)));
    }

    @Test
    void executionsArriveLiveAreCaughtUpWhenMissedAndArePublishedOnce() {
        await().atMost(DEADLINE).until(() -> gateway.tradeSubscribers() == 1);
        String live = gateway.execute(HELD, true, 2, 3.25, true);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> executions().stream().anyMatch(x -> x.execId().equals(live)));
        Execution x = executions().stream()
                .filter(e -> e.execId().equals(live))
                .findFirst()
                .orElseThrow();
        assertThat(x.venue()).isEqualTo("ibkr");
        assertThat(x.account()).isEqualTo(FakeIbkrGateway.ACCOUNT);
        assertThat(x.side()).isEqualTo(Side.BUY);
        assertThat(x.qty()).isEqualTo(2.0);
        assertThat(x.price()).isEqualTo(3.25);
        assertThat(x.contract()).isEqualTo(HELD);
        assertThat(x.symbol()).isEqualTo("SPY270115C00600000");

        // Never pushed over the socket, in a contract neither held nor asked for: the REST catch-up finds it and
        // secdef names it.
        String missed = gateway.execute(OTHER, false, 1, 1.10, false);
        await().atMost(DEADLINE)
                .until(() -> executions().stream().anyMatch(e -> e.execId().equals(missed)));
        assertThat(executions().stream()
                        .filter(e -> e.execId().equals(missed))
                        .findFirst()
                        .orElseThrow()
                        .contract())
                .isEqualTo(OTHER);

        // Several more catch-up rounds list both again: still one event each.
        await().pollDelay(Duration.ofSeconds(3)).atMost(DEADLINE).until(() -> true);
        assertThat(executions()).extracting(Execution::execId).containsExactlyInAnyOrder(live, missed);
    }

    @Test
    void aFailedPublishIsRetriedByTheNextCatchUpAndABadTradeIsDeadLettered() {
        await().atMost(DEADLINE).until(() -> gateway.tradeSubscribers() == 1);
        published.failWith(new RuntimeException("broker down"));
        String id = gateway.execute(HELD, false, 1, 2.0, true);
        await().atMost(DEADLINE)
                .until(() -> executions().stream().anyMatch(e -> e.execId().equals(id)));
        int attempts =
                (int) executions().stream().filter(e -> e.execId().equals(id)).count();
        published.failWith(null);
        // Once the publish succeeds it stops being retried.
        await().atMost(DEADLINE)
                .until(() ->
                        executions().stream().filter(e -> e.execId().equals(id)).count() > attempts);
        long settled = executions().stream().filter(e -> e.execId().equals(id)).count();
        await().pollDelay(Duration.ofSeconds(3)).atMost(DEADLINE).until(() -> true);
        assertThat(executions().stream().filter(e -> e.execId().equals(id)).count())
                .isEqualTo(settled);

        gateway.sendTrades("[{\"symbol\":\"SPY\",\"side\":\"B\",\"size\":1,\"price\":\"1\",\"conid\":\"1\"}]");
        await().atMost(DEADLINE)
                .until(() -> published.deadLetters().stream()
                        .anyMatch(d -> d.detail().contains("execution_id")));
    }
}
