package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.model.Execution;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Side;
import dev.ticktape.model.Status;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.venuesim.FakeTastytradeServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Account fills from the account streamer, REST catch-up, and the streamer's recovery from drops and token expiry. */
class TastytradeExecutionsIT {
    static final OptionContract CALL = OccSymbol.parse("SPY   270115C00600000", "SPY");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final InMemoryPublisher published = new InMemoryPublisher();
    private FakeTastytradeServer server;
    private TastytradeAdapter adapter;

    @BeforeEach
    void start() {
        server = FakeTastytradeServer.start(0, 7, List.of(CALL), Duration.ofMillis(50), 2);
        // Position refresh (and with it the REST catch-up) every 5 s, so the live path is seen first.
        TastytradeConfig cfg = TastytradeConfig.defaults(
                        server.restUrl(),
                        "refresh-secret",
                        "client-secret",
                        List.of(FakeTastytradeServer.ACCOUNT),
                        List.of())
                .withTimings(
                        Duration.ofSeconds(5),
                        Duration.ofMillis(500),
                        2,
                        Duration.ofSeconds(30),
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(300)),
                        Duration.ofSeconds(1))
                .withAccountStreamerUrl(server.accountStreamerUrl());
        adapter = TastytradeAdapter.create(cfg, published, new SimpleMeterRegistry());
        adapter.start();
    }

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (server != null) server.close();
    }

    private List<Execution> executions() {
        return published.events().stream()
                .filter(Execution.class::isInstance)
                .map(Execution.class::cast)
                .toList();
    }

    private List<Status> accountStatuses() {
        return published.events().stream()
                .filter(e -> e instanceof Status s && s.symbol().equals("ACCOUNT"))
                .map(Status.class::cast)
                .toList();
    }

    @Test
    void fillsArriveLiveOnceEvenWhenTheOrderIsReportedAgain() {
        await().atMost(DEADLINE).until(() -> server.accountStreamers() == 1);
        String fill = server.fill(CALL, true, 3, 4.2, true);
        await().atMost(Duration.ofSeconds(3))
                .until(() -> executions().stream().anyMatch(x -> x.execId().equals(fill)));
        Execution x = executions().get(0);
        assertThat(x.venue()).isEqualTo("tastytrade");
        assertThat(x.account()).isEqualTo(FakeTastytradeServer.ACCOUNT);
        assertThat(x.side()).isEqualTo(Side.BUY);
        assertThat(x.qty()).isEqualTo(3.0);
        assertThat(x.price()).isEqualTo(4.2);
        assertThat(x.contract()).isEqualTo(CALL);
        assertThat(x.symbol()).isEqualTo("SPY270115C00600000");
        // The REST catch-up lists the same order again at the next refresh: no second event.
        await().pollDelay(Duration.ofSeconds(6)).atMost(DEADLINE).until(() -> true);
        assertThat(executions()).extracting(Execution::execId).containsExactly(fill);
    }

    @Test
    void fillsMadeWhileTheStreamerWasDownAreCaughtUpAfterItReconnects() {
        await().atMost(DEADLINE).until(() -> server.accountStreamers() == 1);
        server.stall(Duration.ofSeconds(3)); // no replies: the heartbeat silence check (3 x 500 ms) reconnects
        String missed = server.fill(CALL, false, 1, 3.9, false);
        await().atMost(DEADLINE)
                .until(() -> executions().stream().anyMatch(x -> x.execId().equals(missed)));
        assertThat(server.accountConnectionsOpened()).isGreaterThan(1);
        assertThat(accountStatuses()).extracting(Status::state).contains(Status.State.DEGRADED);
        // Once the server answers again the connection reports healthy.
        await().atMost(DEADLINE)
                .until(() -> accountStatuses().get(accountStatuses().size() - 1).state() == Status.State.CONNECTED);
    }

    @Test
    void anExpiredTokenIsRenewedAndTheStreamerConnectsAgain() {
        await().atMost(DEADLINE).until(() -> server.accountStreamers() == 1);
        int logins = server.logins();
        server.expireAuth(); // tokens revoked and sockets dropped: the old token is refused on connect
        await().atMost(DEADLINE).until(() -> server.logins() > logins && server.accountStreamers() == 1);
        String fill = server.fill(CALL, true, 1, 4.0, true);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> executions().stream().anyMatch(x -> x.execId().equals(fill)));
    }

    @Test
    void aBadNotificationIsDeadLetteredAndTheStreamGoesOn() {
        await().atMost(DEADLINE).until(() -> server.accountStreamers() == 1);
        server.sendAccount(
                "{\"type\":\"Order\",\"data\":{\"id\":1,\"account-number\":\"5WT00001\",\"legs\":[{\"symbol\":"
                        + "\"AAPL\",\"instrument-type\":\"Equity\",\"action\":\"Buy to Open\",\"fills\":[{\"fill-id\":\"f1\","
                        + "\"quantity\":\"1\",\"fill-price\":\"x\",\"filled-at\":\"2026-01-02T15:00:00Z\"}]}]}}");
        server.sendAccount("not json");
        await().atMost(DEADLINE).until(() -> published.deadLetters().size() >= 2);
        assertThat(published.deadLetters())
                .extracting(d -> d.source())
                .allMatch(s -> s.equals("ws:tastytrade/ACCOUNT"));
        String fill = server.fill(CALL, true, 1, 4.0, true);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> executions().stream().anyMatch(x -> x.execId().equals(fill)));
    }
}
