package dev.ticktape.adapters.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.runtime.GapOracle;
import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Quote;
import dev.ticktape.model.Status;
import dev.ticktape.model.Trade;
import dev.ticktape.venuesim.FakePolygonOptions;
import dev.ticktape.venuesim.FakePolygonServer;
import dev.ticktape.venuesim.InjectedFault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the fake venue. The venue clock runs 50x faster than the wall clock (a minute bar every
 * 1.2 s) from a Monday 09:30 New York, with deterministic prices for the seed. For each fault the adapter recovers
 * by itself (except a refused key: fatal, no reconnect loop), publishes a status transition, and its minute bars
 * (latest version per window, as the upserting sinks store them) equal the venue's bars, which is what a run
 * without the fault publishes ({@link #cleanRunMatchesTheVenue}).
 */
class PolygonAdapterIT {
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT");
    private static final String KEY = "test-key-7f3a";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final long START_MS = Instant.parse("2026-01-05T14:30:00Z").toEpochMilli();

    private FakePolygonServer server;
    private PolygonAdapter adapter;
    private final InMemoryPublisher published = new InMemoryPublisher();
    /** When the test froze the venue: a silent venue is a stale feed to the adapter, but no fault of the venue. */
    private volatile long pausedAtMs = Long.MAX_VALUE;

    /** A minute bar as both sides see it, without receive time and provenance. */
    record BarValue(
            String symbol,
            long start,
            double open,
            double high,
            double low,
            double close,
            double volume,
            double vwap) {}

    /** A print as both sides see it. */
    record Print(String symbol, String tradeId, double price, double qty, long ts) {}

    @AfterEach
    void stop() {
        if (adapter != null) adapter.close();
        if (server != null) server.close();
    }

    private void start(UnaryOperator<PolygonConfig> tweak) {
        server = FakePolygonServer.start(FakePolygonOptions.defaults(0, 42, SYMBOLS)
                .withApiKey(KEY)
                .withTime(Duration.ofMillis(10), START_MS, 500)
                .withRestPageSize(4));
        PolygonConfig cfg = PolygonConfig.local(server.wsUrl(), server.restUrl(), SYMBOLS, KEY)
                .withSecondBars(true)
                .withMarketOpen(() -> true)
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)))
                .withWatchdog(Duration.ofSeconds(1))
                .withHeartbeat(Duration.ofSeconds(1))
                .withStartupBackfill(Duration.ZERO);
        adapter = PolygonAdapter.create(tweak.apply(cfg), published, new SimpleMeterRegistry());
        adapter.start();
    }

    private List<Bar> minuteBarsPublished(String symbol) {
        return published.bars().stream()
                .filter(b -> b.interval() == BarInterval.M1 && b.symbol().equals(symbol))
                .toList();
    }

    private void awaitMoreMinuteBars(int more) {
        Map<String, Integer> target = new LinkedHashMap<>();
        for (String s : SYMBOLS) target.put(s, minuteBarsPublished(s).size() + more);
        await().atMost(DEADLINE)
                .until(() ->
                        SYMBOLS.stream().allMatch(s -> minuteBarsPublished(s).size() >= target.get(s)));
    }

    /** Latest published version per window, as an upserting table holds it. */
    private List<BarValue> upserted(String symbol) {
        Map<Long, BarValue> latest = new LinkedHashMap<>();
        for (Bar b : minuteBarsPublished(symbol)) {
            latest.put(
                    b.tsMs(),
                    new BarValue(symbol, b.tsMs(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.vwap()));
        }
        return latest.values().stream()
                .sorted((a, b) -> Long.compare(a.start(), b.start()))
                .toList();
    }

    private List<BarValue> venueBars(String symbol, long fromStart) {
        return server.minuteBars(symbol).stream()
                .filter(b -> b.startMs() >= fromStart)
                .map(b ->
                        new BarValue(symbol, b.startMs(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.vwap()))
                .toList();
    }

    /** Freezes the venue, waits for the adapter to settle, then compares minute bars with the venue's record. */
    private void assertMinuteBarsMatchVenue() {
        // Live data flows again after every fault before the venue freezes (a fill alone may have caught up).
        await().atMost(DEADLINE)
                .until(() ->
                        server.faults().stream().filter(f -> f.kind().lossy()).allMatch(InjectedFault::ended));
        if (pausedAtMs == Long.MAX_VALUE) pausedAtMs = System.currentTimeMillis();
        server.pauseMarket();
        for (String s : SYMBOLS) {
            long first = upserted(s).get(0).start();
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(upserted(s)).isEqualTo(venueBars(s, first)));
        }
    }

    /** Every published trade is a venue print, once; without a gap they are exactly the venue's prints. */
    private void assertTradesAreVenuePrints(boolean contiguous) {
        for (String s : SYMBOLS) {
            List<Print> got = published.trades().stream()
                    .filter(t -> t.symbol().equals(s))
                    .map(PolygonAdapterIT::print)
                    .toList();
            List<Print> venue = server.prints(s).stream()
                    .map(p -> new Print(s, p.tradeId(), p.price(), p.shares(), p.timeMs()))
                    .toList();
            assertThat(got).doesNotHaveDuplicates();
            assertThat(venue).containsAll(got);
            if (contiguous) {
                int from = venue.indexOf(got.get(0));
                assertThat(got).isEqualTo(venue.subList(from, from + got.size()));
            }
        }
    }

    /** The ledger up to the moment the test froze the venue. */
    private List<Gap> gaps() {
        return GapOracle.ledger(published, pausedAtMs);
    }

    /**
     * The ledger holds exactly one gap per lossy fault of the venue, each backfilled from the minute-bar REST API, and
     * every minute bar the venue closed while nothing could receive it was published. (The recovered count is not
     * compared: a bar re-read by a fill during a refused reconnect, or re-sent live, is not counted twice.)
     */
    private void assertGapsMatchFaults() {
        await().atMost(DEADLINE)
                .untilAsserted(() -> GapOracle.assertMatches(server.faults(), gaps(), f -> switch (f.kind()) {
                    case DISCONNECT -> new GapOracle.Expected(Gap.Cause.DISCONNECT, List.of(), Gap.Recovery.PARTIAL);
                    case STALL -> new GapOracle.Expected(Gap.Cause.STALE_FEED, List.of(), Gap.Recovery.PARTIAL);
                    default -> throw new AssertionError("unexpected lossy fault " + f);
                }));
        for (InjectedFault f : server.faults()) {
            if (!f.kind().lossy()) continue;
            f.skipped()
                    .forEach((symbol, starts) -> assertThat(
                                    minuteBarsPublished(symbol).stream().map(Bar::tsMs))
                            .containsAll(starts));
        }
    }

    private static Print print(Trade t) {
        return new Print(t.symbol(), t.tradeId(), t.price(), t.qty(), t.tsMs());
    }

    private List<Status> statuses() {
        return published.events().stream()
                .filter(Status.class::isInstance)
                .map(Status.class::cast)
                .toList();
    }

    private List<Status.State> statusStates() {
        List<Status.State> out = new ArrayList<>();
        statuses().forEach(s -> out.add(s.state()));
        return out;
    }

    private void assertReconnectedAfter(Status.State problem) {
        await().atMost(DEADLINE).until(() -> adapter.state() == Status.State.CONNECTED);
        List<Status.State> states = statusStates();
        assertThat(states).contains(problem);
        assertThat(states.subList(states.indexOf(problem), states.size())).contains(Status.State.CONNECTED);
    }

    @Test
    void cleanRunMatchesTheVenue() {
        start(c -> c);
        awaitMoreMinuteBars(3);
        assertMinuteBarsMatchVenue();
        assertTradesAreVenuePrints(true);
        assertThat(adapter.metrics().reconnects()).isZero();
        assertThat(adapter.metrics().gapFillBars()).isZero();
        assertThat(published.deadLetters()).isEmpty();
        assertThat(published.events()).anyMatch(Quote.class::isInstance);
        assertThat(published.bars()).anyMatch(b -> b.interval() == BarInterval.S1);
        assertThat(statusStates()).doesNotContain(Status.State.DISCONNECTED, Status.State.DEGRADED);
        assertThat(server.faults()).isEmpty();
        assertThat(gaps()).isEmpty();
    }

    @Test
    void recoversFromAbruptCloseAndGapFillsMissedMinuteBars() {
        start(c -> c);
        awaitMoreMinuteBars(2);
        server.refuseConnections(Duration.ofMillis(3000)); // longer than a venue minute: bars are missed
        server.abruptClose();
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DISCONNECTED));
        await().atMost(DEADLINE).until(() -> adapter.metrics().gapFillBars() > 0);
        awaitMoreMinuteBars(2);
        assertMinuteBarsMatchVenue();
        assertTradesAreVenuePrints(false);
        assertReconnectedAfter(Status.State.DISCONNECTED);
        assertThat(statuses()).anyMatch(s -> s.detail().contains("1006"));
        assertGapsMatchFaults();
        // The venue refused connections for 3 s: the outage is at least that long, and minutes were missed.
        assertThat(GapOracle.skippedCount(server.faults().get(0))).isPositive();
    }

    @Test
    void watchdogReconnectsStalledFeedAndGapFills() {
        start(c -> c);
        awaitMoreMinuteBars(2);
        int before = server.connectionsOpened();
        server.stall(Duration.ofSeconds(10));
        await().atMost(DEADLINE).until(() -> statusStates().contains(Status.State.DEGRADED));
        await().atMost(DEADLINE).until(() -> server.connectionsOpened() > before);
        awaitMoreMinuteBars(2); // well before the stall ends: only the new connection delivers
        assertMinuteBarsMatchVenue();
        assertTradesAreVenuePrints(false);
        assertReconnectedAfter(Status.State.DEGRADED);
        assertThat(adapter.metrics().reconnects()).isPositive();
        assertGapsMatchFaults();
    }

    @Test
    void publishesCorrectedMinuteBarAsUpsertOfTheSameWindow() {
        start(c -> c);
        awaitMoreMinuteBars(2);
        FakePolygonServer.SimBar corrected = server.correctLastMinuteBar("AAPL");
        await().atMost(DEADLINE)
                .until(() -> minuteBarsPublished("AAPL").stream()
                        .anyMatch(b -> b.tsMs() == corrected.startMs() && b.volume() == corrected.volume()));
        assertThat(minuteBarsPublished("AAPL"))
                .filteredOn(b -> b.tsMs() == corrected.startMs())
                .hasSize(2);
        assertMinuteBarsMatchVenue();
        assertTradesAreVenuePrints(true);
        assertThat(server.faults()).extracting(InjectedFault::kind).containsExactly(InjectedFault.Kind.CORRECTION);
        assertThat(gaps()).as("a correction is a revision, not a gap").isEmpty();
    }

    @Test
    void correctionMadeWhileDisconnectedArrivesThroughGapFill() {
        start(c -> c);
        awaitMoreMinuteBars(2);
        server.refuseConnections(Duration.ofMillis(1500));
        server.abruptClose();
        FakePolygonServer.SimBar corrected = server.correctLastMinuteBar("MSFT"); // nobody connected to hear it
        await().atMost(DEADLINE)
                .until(() -> minuteBarsPublished("MSFT").stream()
                        .anyMatch(b -> b.tsMs() == corrected.startMs() && b.volume() == corrected.volume()));
        awaitMoreMinuteBars(1);
        assertMinuteBarsMatchVenue();
        assertGapsMatchFaults();
    }

    @Test
    void refusedKeyIsFatalWithClearMessageAndNoReconnectLoop() {
        server = null;
        start(c -> c); // connects with the right key first
        awaitMoreMinuteBars(1);
        server.rejectAuth(true);
        int opened = server.connectionsOpened();
        server.abruptClose();
        String reason = adapter.fatal()
                .orTimeout(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                .join();
        assertThat(reason)
                .contains("authentication failed")
                .contains(PolygonConfig.API_KEY_ENV)
                .doesNotContain(KEY);
        assertThat(adapter.state()).isEqualTo(Status.State.DISCONNECTED);
        // One reconnect (the one refused), then nothing more.
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.connectionsOpened() == opened + 1 && server.authAttempts() == opened + 1);
        Status last = statuses().get(statuses().size() - 1);
        assertThat(last.state()).isEqualTo(Status.State.DISCONNECTED);
        assertThat(last.detail()).contains("authentication failed");
        assertThat(statuses()).allMatch(s -> !s.detail().contains(KEY));
        // The feed never came back: the outage gap ran until the adapter stopped, and nothing was recovered.
        InjectedFault drop = server.faults().stream()
                .filter(f -> f.kind() == InjectedFault.Kind.DISCONNECT)
                .findFirst()
                .orElseThrow();
        assertThat(drop.ended()).isFalse();
        List<Gap> gaps = GapOracle.ledger(published);
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).cause()).isEqualTo(Gap.Cause.DISCONNECT);
        assertThat(gaps.get(0).tsMs()).isLessThanOrEqualTo(drop.fromMs());
        assertThat(gaps.get(0).isOpen()).isFalse();
        assertThat(gaps.get(0).recovery()).isEqualTo(Gap.Recovery.NONE);
    }

    @Test
    void wrongKeyAtStartIsFatalWithoutReconnecting() {
        server = FakePolygonServer.start(
                FakePolygonOptions.defaults(0, 42, SYMBOLS).withApiKey(KEY));
        adapter = PolygonAdapter.create(
                PolygonConfig.local(server.wsUrl(), server.restUrl(), SYMBOLS, "wrong")
                        .withMarketOpen(() -> true)
                        .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(100))),
                published,
                new SimpleMeterRegistry());
        adapter.start();
        assertThat(adapter.fatal()
                        .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                        .join())
                .contains("authentication failed");
        await().during(Duration.ofMillis(1000))
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.connectionsOpened() == 1);
        Set<String> kinds = published.events().stream().map(e -> e.type()).collect(Collectors.toSet());
        assertThat(kinds).containsOnly(Status.TYPE);
    }
}
