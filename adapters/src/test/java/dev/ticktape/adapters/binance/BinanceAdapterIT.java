package dev.ticktape.adapters.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.GapOracle;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Side;
import dev.ticktape.model.Status;
import dev.ticktape.model.Trade;
import dev.ticktape.venuesim.FakeBinanceOptions;
import dev.ticktape.venuesim.FakeBinanceServer;
import dev.ticktape.venuesim.InjectedFault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The adapter against the fake venue: for each fault, it recovers by itself, publishes a status transition, and
 * the published trades and the book rebuilt from {@code md.books} equal the venue's own record, which is what a
 * run without the fault publishes ({@link #cleanRunMatchesTheVenue}).
 */
class BinanceAdapterIT {
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private FakeBinanceServer server;
    private BinanceAdapter adapter;
    private final InMemoryPublisher published = new InMemoryPublisher();
    /** Runs on the fake venue before the adapter starts (faults that must be in place for its first request). */
    private Consumer<FakeBinanceServer> beforeAdapter = s -> {};
    /** When the test froze the venue: a silent venue is a stale feed to the adapter, but no fault of the venue. */
    private volatile long pausedAtMs = Long.MAX_VALUE;

    /** A trade as both sides see it, without receive time and provenance. */
    record Print(String symbol, long id, double price, double qty, long ts, Side side) {}

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (server != null) server.close();
    }

    private void start(UnaryOperator<FakeBinanceOptions> serverTweak, UnaryOperator<BinanceConfig> adapterTweak) {
        server = FakeBinanceServer.start(serverTweak.apply(FakeBinanceOptions.defaults(0, 42, SYMBOLS)
                .withTick(Duration.ofMillis(10))
                .withHeartbeat(Duration.ofMillis(300), Duration.ofSeconds(1))
                .withShutdownGrace(Duration.ofMillis(500))));
        beforeAdapter.accept(server);
        BinanceConfig cfg = BinanceConfig.local(server.wsUrl(), server.restUrl(), SYMBOLS)
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                .withWatchdog(Duration.ofSeconds(1))
                .withHeartbeat(Duration.ofSeconds(1));
        adapter = BinanceAdapter.create(adapterTweak.apply(cfg), published, new SimpleMeterRegistry());
        adapter.start();
    }

    private void startDefault() {
        start(o -> o, c -> c);
    }

    private int tradeCount() {
        return published.trades().size();
    }

    private void awaitMoreTrades(int more) {
        int target = tradeCount() + more;
        await().atMost(DEADLINE).until(() -> tradeCount() >= target);
    }

    /** Freezes the venue, waits until the adapter has everything, then compares with the venue's record. */
    private void assertTradesAndBooksMatchVenue() {
        // Live data flows again after every fault before the venue freezes (a fill alone may have caught up).
        await().atMost(DEADLINE)
                .until(() ->
                        server.faults().stream().filter(f -> f.kind().lossy()).allMatch(InjectedFault::ended));
        if (pausedAtMs == Long.MAX_VALUE) pausedAtMs = System.currentTimeMillis();
        server.pauseMarket();
        for (String s : SYMBOLS) {
            long lastVenueId = server.trades(s).get(server.trades(s).size() - 1).id();
            await().atMost(DEADLINE)
                    .until(() -> published.trades().stream()
                            .anyMatch(t -> t.symbol().equals(s) && Long.parseLong(t.tradeId()) == lastVenueId));
            List<Print> got = published.trades().stream()
                    .filter(t -> t.symbol().equals(s))
                    .map(BinanceAdapterIT::print)
                    .toList();
            long firstId = got.get(0).id();
            List<Print> expected = server.trades(s).stream()
                    .filter(t -> t.id() >= firstId)
                    .map(t ->
                            new Print(s, t.id(), t.price(), t.qty(), t.timeMs(), t.buyerMaker() ? Side.SELL : Side.BUY))
                    .toList();
            assertThat(got).containsExactlyElementsOf(expected);

            FakeBinanceServer.SimBook truth = server.book(s);
            await().atMost(DEADLINE)
                    .until(() -> adapter.book(s)
                            .map(b -> b.lastUpdateId() == truth.lastUpdateId())
                            .orElse(false));
            BookReplay replay = BookReplay.of(books(s));
            assertThat(replay.lastSeq()).isEqualTo(truth.lastUpdateId());
            assertThat(replay.bids()).isEqualTo(truth.bids());
            assertThat(replay.asks()).isEqualTo(truth.asks());
            assertThat(adapter.book(s).orElseThrow().bids()).isEqualTo(truth.bids());
        }
    }

    private List<BookUpdate> books(String symbol) {
        return published.events().stream()
                .filter(BookUpdate.class::isInstance)
                .map(BookUpdate.class::cast)
                .filter(b -> b.symbol().equals(symbol))
                .toList();
    }

    private List<Status.State> statusStates() {
        List<Status.State> out = new ArrayList<>();
        published.events().stream()
                .filter(Status.class::isInstance)
                .map(Status.class::cast)
                .forEach(s -> out.add(s.state()));
        return out;
    }

    /** The ledger up to the moment the test froze the venue. */
    private List<Gap> gaps() {
        return GapOracle.ledger(published, pausedAtMs);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSymbolTheVenueDoesNotListDegradesItsConnectionWithTheReasonAndLeavesASubscriptionGap() {
        // Production ping timings: on a loaded machine a 1 s pong deadline could drop CONN0, which must stay up here.
        server = FakeBinanceServer.start(
                FakeBinanceOptions.defaults(0, 42, SYMBOLS).withTick(Duration.ofMillis(10)));
        // Two symbols per connection: CONN0 carries the listed ones, CONN1 the one the venue does not list.
        BinanceConfig cfg = BinanceConfig.local(
                        server.wsUrl(), server.restUrl(), List.of("BTCUSDT", "ETHUSDT", "XRPUSDT"))
                .withDepth(false)
                .withStreamsPerConnection(4)
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                .withHeartbeat(Duration.ofSeconds(1));
        adapter = BinanceAdapter.create(cfg, published, new SimpleMeterRegistry());
        adapter.start();

        await().atMost(DEADLINE).until(() -> refusals().size() == 1);
        InjectedFault refusal = refusals().get(0);
        assertThat(refusal.instruments()).containsExactly("XRPUSDT");
        await().atMost(DEADLINE)
                .until(() -> statuses("CONN1").stream()
                        .anyMatch(s -> s.state() == Status.State.DEGRADED
                                && s.detail().equals("subscription refused for XRPUSDT: 2 " + refusal.detail())));
        await().atMost(DEADLINE)
                .untilAsserted(() -> GapOracle.assertRefusalsMatch(server.faults(), subscriptionGaps(), s -> s));
        Gap gap = subscriptionGaps().get(0);
        assertThat(gap.symbol()).isEqualTo("CONN1");
        assertThat(gap.isOpen()).isTrue();
        // The other connection is untouched: it streams, and nothing degraded it.
        awaitMoreTrades(10);
        assertThat(published.trades()).noneMatch(t -> t.symbol().equals("XRPUSDT"));
        assertThat(statuses("CONN0")).extracting(Status::state).doesNotContain(Status.State.DEGRADED);

        // Every new connection asks again and is refused again: the old gap ends, a new one opens.
        server.abruptClose();
        await().atMost(DEADLINE).until(() -> refusals().size() == 2);
        await().atMost(DEADLINE)
                .untilAsserted(() -> GapOracle.assertRefusalsMatch(server.faults(), subscriptionGaps(), s -> s));
        await().atMost(DEADLINE)
                .until(() -> subscriptionGaps().stream().filter(Gap::isOpen).count() == 1);
    }

    private List<InjectedFault> refusals() {
        return server.faults().stream()
                .filter(f -> f.kind() == InjectedFault.Kind.SUBSCRIPTION_REFUSED)
                .toList();
    }

    private List<Gap> subscriptionGaps() {
        return GapOracle.ledger(published).stream()
                .filter(g -> g.cause() == Gap.Cause.SUBSCRIPTION_ERROR)
                .toList();
    }

    private List<Status> statuses(String connection) {
        return published.events().stream()
                .filter(Status.class::isInstance)
                .map(Status.class::cast)
                .filter(s -> s.symbol().equals(connection))
                .toList();
    }

    /** The ledger holds exactly the gaps of the venue's lossy faults, with the given recovery for outages. */
    private void assertGapsMatchFaults(Gap.Recovery outageRecovery) {
        await().atMost(DEADLINE)
                .untilAsserted(() -> GapOracle.assertMatches(server.faults(), gaps(), f -> switch (f.kind()) {
                    case DISCONNECT -> new GapOracle.Expected(Gap.Cause.DISCONNECT, List.of(), outageRecovery);
                    case STALL -> new GapOracle.Expected(Gap.Cause.STALE_FEED, List.of(), outageRecovery);
                    case SEQUENCE_GAP ->
                        new GapOracle.Expected(Gap.Cause.BOOK_SEQUENCE_GAP, f.instruments(), Gap.Recovery.PARTIAL);
                    case STALE_SNAPSHOT ->
                        new GapOracle.Expected(Gap.Cause.BOOK_RESYNC, f.instruments(), Gap.Recovery.PARTIAL);
                    default -> throw new AssertionError("unexpected lossy fault " + f);
                }));
    }

    /** Every trade id the venue withheld during its faults was published, and the outage gap counts at least them. */
    private void assertSkippedTradesWereRecovered() {
        for (InjectedFault f : server.faults()) {
            if (!f.kind().lossy() || f.kind() == InjectedFault.Kind.SEQUENCE_GAP) continue;
            long skipped = GapOracle.skippedCount(f);
            f.skipped()
                    .forEach((symbol, ids) -> assertThat(published.trades().stream()
                                    .filter(t -> t.symbol().equals(symbol))
                                    .map(t -> Long.parseLong(t.tradeId())))
                            .containsAll(ids));
            Gap gap = gaps().stream()
                    .filter(g -> g.tsMs() <= f.fromMs() && g.toMs() != null && g.toMs() >= f.toMs())
                    .findFirst()
                    .orElseThrow();
            assertThat(gap.recovered()).isGreaterThanOrEqualTo(skipped);
        }
    }

    private static Print print(Trade t) {
        return new Print(t.symbol(), Long.parseLong(t.tradeId()), t.price(), t.qty(), t.tsMs(), t.side());
    }

    @Test
    void cleanRunMatchesTheVenue() {
        startDefault();
        awaitMoreTrades(200);
        assertTradesAndBooksMatchVenue();
        assertThat(adapter.metrics().reconnects()).isZero();
        assertThat(adapter.metrics().bookGaps()).isZero();
        assertThat(published.deadLetters()).isEmpty();
        assertThat(gaps()).isEmpty();
        assertThat(server.faults()).isEmpty();
        assertThat(published.events()).anyMatch(e -> e instanceof dev.ticktape.model.Quote);
        // One connection, never lost: one channel, every trade through it, ended when the adapter stops.
        assertThat(published.channels())
                .extracting(InMemoryPublisher.RecordingChannel::name)
                .containsExactly("ws:binance/CONN0");
        assertThat(published.channels().get(0).trades()).hasSize(tradeCount());
        adapter.close();
        assertThat(published.channels().get(0).closed()).isTrue();
    }

    @Test
    void recoversFromAbruptCloseAndGapFillsMissedTrades() {
        startDefault();
        awaitMoreTrades(100);
        server.abruptClose();
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DISCONNECTED));
        awaitMoreTrades(200);
        assertTradesAndBooksMatchVenue();
        assertThat(adapter.metrics().reconnects()).isPositive();
        assertThat(adapter.state()).isEqualTo(Status.State.CONNECTED);
        List<Status.State> states = statusStates();
        assertThat(states.subList(states.indexOf(Status.State.DISCONNECTED), states.size()))
                .contains(Status.State.CONNECTED);
        // The lost connection's channel ended; the reconnect (and its gap-fill) publishes through a new one.
        List<InMemoryPublisher.RecordingChannel> channels = published.channels();
        assertThat(channels)
                .hasSizeGreaterThanOrEqualTo(2)
                .allMatch(c -> c.name().equals("ws:binance/CONN0"));
        assertThat(channels.subList(0, channels.size() - 1)).allMatch(InMemoryPublisher.RecordingChannel::closed);
        assertThat(channels.get(channels.size() - 1).closed()).isFalse();
        assertThat(channels.stream().mapToInt(c -> c.trades().size()).sum()).isEqualTo(tradeCount());
        assertGapsMatchFaults(Gap.Recovery.BACKFILLED);
        assertSkippedTradesWereRecovered();
    }

    @Test
    void reconnectsAfterServerDropsForMissingPong() {
        startDefault();
        awaitMoreTrades(100);
        int before = server.connectionsOpened();
        server.stopPongs();
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() > before);
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DISCONNECTED));
        awaitMoreTrades(200);
        assertTradesAndBooksMatchVenue();
        assertGapsMatchFaults(Gap.Recovery.BACKFILLED);
        assertSkippedTradesWereRecovered();
    }

    @Test
    void rollsOverOnServerShutdownWithoutLosingAnything() {
        startDefault();
        awaitMoreTrades(100);
        int before = server.connectionsOpened();
        server.sendServerShutdown();
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() > before);
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DEGRADED));
        awaitMoreTrades(200);
        assertTradesAndBooksMatchVenue();
        // The overlap made REST gap-fill unnecessary.
        assertThat(adapter.metrics().gapFillTrades()).isZero();
        assertThat(statusStates()).doesNotContain(Status.State.DISCONNECTED);
        assertThat(published.channels()).as("a rollover keeps the channel").hasSize(1);
        assertThat(server.faults()).extracting(InjectedFault::kind).containsExactly(InjectedFault.Kind.SERVER_SHUTDOWN);
        assertThat(gaps()).as("an overlapped rollover loses nothing").isEmpty();
    }

    @Test
    void resyncsBookFromSnapshotAfterDroppedDepthUpdate() {
        startDefault();
        awaitMoreTrades(100);
        server.dropNextDepthUpdate();
        await().atMost(DEADLINE).until(() -> adapter.metrics().bookGaps() >= SYMBOLS.size());
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DEGRADED));
        awaitMoreTrades(100);
        assertTradesAndBooksMatchVenue();
        assertThat(books("BTCUSDT"))
                .filteredOn(b -> b.kind() == BookUpdate.Kind.SNAPSHOT)
                .hasSizeGreaterThan(1);
        assertGapsMatchFaults(Gap.Recovery.NONE);
        // The venue's withheld ids are the ones the adapter's gap names.
        for (InjectedFault f : server.faults()) {
            String symbol = f.instruments().get(0);
            List<Long> ids = f.skipped().get(symbol);
            Gap gap = gaps().stream()
                    .filter(g -> g.instruments().equals(List.of(symbol)))
                    .findFirst()
                    .orElseThrow();
            assertThat(gap.detail())
                    .isEqualTo("depth update ids " + ids.get(0) + ".." + ids.get(ids.size() - 1) + " missing");
        }
    }

    @Test
    void watchdogReconnectsStalledFeed() {
        startDefault();
        awaitMoreTrades(100);
        server.stall(Duration.ofSeconds(5));
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DEGRADED));
        awaitMoreTrades(200); // well before the stall ends: only a new connection delivers
        assertTradesAndBooksMatchVenue();
        assertThat(adapter.metrics().gapFillTrades()).isPositive();
        assertGapsMatchFaults(Gap.Recovery.BACKFILLED);
        assertSkippedTradesWereRecovered();
    }

    @Test
    void plannedReconnectOverlapsConnectionsSoNothingIsLost() {
        start(o -> o, c -> c.withPlannedReconnect(Duration.ofMillis(1500)));
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() >= 3);
        awaitMoreTrades(100);
        assertTradesAndBooksMatchVenue();
        // The handover waits for the old connection (see plannedReconnectWaitsForALaggingOldConnection): nothing is
        // filled by REST, nothing resynced, however the two sockets interleave.
        assertThat(adapter.metrics().gapFillTrades()).isZero();
        assertThat(adapter.metrics().handoverOverflows()).isZero();
        assertThat(adapter.metrics().bookGaps()).isZero();
        assertThat(statusStates()).contains(Status.State.DEGRADED).doesNotContain(Status.State.DISCONNECTED);
        assertThat(gaps()).isEmpty();
    }

    @Test
    void plannedReconnectWaitsForALaggingOldConnection() {
        start(o -> o, c -> c.withPlannedReconnect(Duration.ofSeconds(2)));
        await().atMost(DEADLINE).until(() -> tradeCount() > 0);
        assertThat(server.connectionsOpened()).isEqualTo(1);
        // The old connection now runs 300 ms behind: the replacement delivers frames its predecessors are still
        // on the way for. Nothing may be lost, duplicated or resynced.
        server.lagOpenConnections(Duration.ofMillis(300));
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() >= 2);
        awaitMoreTrades(100);
        assertTradesAndBooksMatchVenue();
        assertThat(adapter.metrics().bookGaps()).isZero();
        assertThat(adapter.metrics().gapFillTrades()).isZero();
        assertThat(adapter.metrics().handoverOverflows()).isZero();
        assertThat(statusStates()).contains(Status.State.DEGRADED).doesNotContain(Status.State.DISCONNECTED);
        assertThat(server.faults()).extracting(InjectedFault::kind).containsExactly(InjectedFault.Kind.LAG);
        assertThat(gaps()).isEmpty();
    }

    @Test
    void staleSnapshotsBackOffDegradeAndRecordABookResync() {
        // In place before the first snapshot request: the book's initial sync meets stale snapshots.
        beforeAdapter = s -> s.serveStaleSnapshots("BTCUSDT", 4);
        start(o -> o, c -> c);
        awaitMoreTrades(50);
        await().atMost(DEADLINE).until(() -> adapter.book("BTCUSDT").isPresent());
        assertTradesAndBooksMatchVenue();
        List<Long> requests = server.depthRequests("BTCUSDT");
        InjectedFault stale = server.faults().get(0);
        int staleServed = Integer.parseInt(stale.detail().split(" ")[0]);
        // One more request than stale answers: the first good one synced the book; nothing hammered the venue.
        assertThat(requests).hasSize(staleServed + 1);
        for (int i = 2; i < requests.size(); i++) {
            long before = requests.get(i - 1) - requests.get(i - 2);
            assertThat(requests.get(i) - requests.get(i - 1))
                    .as("wait before request %d grows (previous %d ms)", i, before)
                    .isGreaterThan(before);
        }
        assertThat(published.events())
                .filteredOn(Status.class::isInstance)
                .map(Status.class::cast)
                .anyMatch(s -> s.state() == Status.State.DEGRADED && s.detail().contains("BTCUSDT book not in sync"));
        assertThat(adapter.state()).isEqualTo(Status.State.CONNECTED);
        assertGapsMatchFaults(Gap.Recovery.NONE);
    }

    @Test
    void spreadsStreamsOverConnectionsWithinVenueLimits() {
        List<String> many = new ArrayList<>();
        many.add("BTCUSDT");
        for (int i = 0; i < 698; i++) many.add("SYM" + i + "USDT");
        many.add("ETHUSDT");
        start(
                // The venue lists every symbol (it refuses unknown ones); only BTC and ETH trade.
                o -> o.withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(20))
                        .withQuietSymbols(many),
                c -> new BinanceConfig(
                        c.wsBaseUrl(),
                        c.restBaseUrl(),
                        many,
                        1024,
                        false,
                        c.plannedReconnect(),
                        Duration.ofSeconds(30),
                        c.backoff(),
                        c.controlPerSecond(),
                        c.heartbeatInterval(),
                        c.restWeightPerMinute()));
        assertThat(adapter.connections()).isEqualTo(2);
        await().atMost(DEADLINE)
                .until(() -> published.trades().stream()
                                .anyMatch(t -> t.symbol().equals("BTCUSDT"))
                        && published.trades().stream().anyMatch(t -> t.symbol().equals("ETHUSDT")));
        // 1400 streams, 7 SUBSCRIBE messages: all accepted within the 1024-stream and 5-messages/s limits.
        await().atMost(DEADLINE).until(() -> server.maxStreamsOnOneConnection() == 1024);
        assertThat(server.limitDisconnects()).isZero();
        assertThat(server.connectionsOpened()).isEqualTo(2);
    }
}
