package dev.ticktape.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.adapters.ibkr.GatewayTls;
import dev.ticktape.adapters.ibkr.IbkrAdapter;
import dev.ticktape.adapters.ibkr.IbkrConfig;
import dev.ticktape.adapters.runtime.Backoff;
import dev.ticktape.adapters.tastytrade.TastytradeAdapter;
import dev.ticktape.adapters.tastytrade.TastytradeConfig;
import dev.ticktape.app.kafka.KafkaEventPublisher;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.broker.SharedKafkaBroker;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Topics;
import dev.ticktape.model.codec.EventCodec;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.persistence.postgres.PostgresFixture;
import dev.ticktape.venuesim.FakeIbkrGateway;
import dev.ticktape.venuesim.FakeTastytradeServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both option brokers through the real broker, the Greeks topology and both real databases: the same option from
 * IBKR and tastytrade lands with one contract identity; a recorded mixed replay with duplicates and stale
 * snapshots is persisted per the policy (and counted); executions land in {@code trades}; and with tastytrade's
 * venue killed, IBKR keeps writing while tastytrade reports the outage and comes back by itself.
 */
@ExtendWith(SharedKafkaBroker.class)
class OptionsRiskIT {
    static final OptionContract SHARED = OccSymbol.parse("SPY   270115C00600000", "SPY");
    static final OptionContract TASTY_ONLY = OccSymbol.parse("SPY   270115P00580000", "SPY");
    static final OptionContract IBKR_ONLY = OccSymbol.parse("QQQ   270115C00450000", "QQQ");
    static final OptionContract REPLAYED = OccSymbol.parse("TSLA  270115C00300000", "TSLA");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    @Test
    void twoBrokersOneRiskTimelineInBothStores(@TempDir Path dir) throws Exception {
        PostgresFixture pg = PostgresFixture.get();
        String url = pg.createDatabase();
        PlatformSpec base = TestPlatforms.all(dir);
        PlatformSpec spec = base.toBuilder()
                .postgres(new PlatformSpec.PostgresSpec(
                        PostgresConfig.of(url), SharedKafkaBroker.uniqueName("sink-pg"), 5000, Duration.ofMillis(100)))
                .build();
        StatusLog statuses = new StatusLog();
        final FakeTastytradeServer tasty =
                FakeTastytradeServer.start(0, 11, List.of(SHARED, TASTY_ONLY), Duration.ofMillis(200), 60);
        FakeIbkrGateway gateway = FakeIbkrGateway.start(
                0,
                12,
                List.of(SHARED, IBKR_ONLY),
                Duration.ofMillis(200),
                Duration.ofMinutes(10),
                Duration.ofSeconds(1));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaEventPublisher publisher = new KafkaEventPublisher(
                new KafkaSettings(SharedKafkaBroker.bootstrapServers(), new Properties()),
                "it-options",
                new EventCodec(),
                meters);
        TastytradeAdapter tastyAdapter = null;
        IbkrAdapter ibkrAdapter = null;
        FakeTastytradeServer revived = null;
        try (Platform p = Platform.start(spec)) {
            statuses.start();
            tastyAdapter = TastytradeAdapter.create(
                    TastytradeConfig.defaults(
                                    tasty.restUrl(), "r", "s", List.of(FakeTastytradeServer.ACCOUNT), List.of())
                            .withTimings(
                                    Duration.ofSeconds(2),
                                    Duration.ofSeconds(1),
                                    60,
                                    Duration.ofSeconds(30),
                                    FAST,
                                    Duration.ofSeconds(1))
                            .withAccountStreamerUrl(tasty.accountStreamerUrl()),
                    publisher,
                    meters);
            ibkrAdapter = IbkrAdapter.create(
                    IbkrConfig.defaults(gateway.baseUrl(), List.of(), List.of(), GatewayTls.jdkDefault())
                            .withTimings(
                                    Duration.ofSeconds(30),
                                    Duration.ofSeconds(5),
                                    Duration.ofMinutes(5),
                                    Duration.ofSeconds(5),
                                    Duration.ofSeconds(2),
                                    Duration.ofSeconds(30),
                                    FAST,
                                    Duration.ofSeconds(1))
                            .withWsUrl(gateway.wsUrl()),
                    publisher,
                    meters);
            tastyAdapter.start();
            ibkrAdapter.start();

            try (Connection duck = p.database().orElseThrow().openReader();
                    Connection pgc = pg.jdbc(url)) {
                List<Connection> stores = List.of(duck, pgc);

                // 1. The same option from both brokers: one identity, in both stores.
                await().atMost(DEADLINE)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> stores.stream()
                                .allMatch(c -> brokersOf(c, SHARED).containsAll(Set.of("ibkr", "tastytrade"))));
                for (Connection c : stores) {
                    assertThat(identities(c, SHARED))
                            .as("contract identity rows per broker")
                            .hasSize(1)
                            .containsExactly(SHARED.occ() + "|SPY|2027-01-15|600.0|C");
                    assertThat(count(c, "SELECT count(*) FROM greek_snapshots WHERE received_at > persisted_at"))
                            .isZero();
                }

                // 2. A recorded mixed replay: duplicates and stale snapshots are counted, not stored again.
                double dupBefore = counter(p, "ticktape.greeks.duplicate");
                double oooBefore = counter(p, "ticktape.greeks.out_of_order");
                long t0 = System.currentTimeMillis() - 60_000;
                List<Greeks> replay = List.of(
                        snap("tastytrade", t0, 0.50),
                        snap("ibkr", t0, 0.51),
                        snap("tastytrade", t0 + 1000, 0.52),
                        snap("tastytrade", t0 + 1000, 0.52), // identical repeat
                        snap("tastytrade", t0 + 500, 0.40), // older than the stored one
                        snap("ibkr", t0 + 1000, 0.53),
                        snap("ibkr", t0 - 500, 0.30)); // stale
                for (Greeks g : replay) publisher.publish(g, f -> {});
                publisher.flush();
                await().atMost(DEADLINE)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> stores.stream().allMatch(c -> count(c, replayed("")) == 4));
                for (Connection c : stores) {
                    assertThat(count(c, replayed(" AND broker = 'tastytrade'"))).isEqualTo(2);
                    assertThat(count(c, replayed(" AND broker = 'ibkr'"))).isEqualTo(2);
                    assertThat(count(c, replayed(" AND delta IN (0.40, 0.30)")))
                            .as("stale snapshots")
                            .isZero();
                    assertThat(identities(c, REPLAYED)).hasSize(1);
                }
                assertThat(counter(p, "ticktape.greeks.duplicate") - dupBefore).isEqualTo(1);
                assertThat(counter(p, "ticktape.greeks.out_of_order") - oooBefore)
                        .isEqualTo(2);

                // 3. Executions from both accounts land in executions (and read through the old name, trades).
                await().atMost(DEADLINE).until(() -> tasty.accountStreamers() == 1 && gateway.tradeSubscribers() == 1);
                String tastyFill = tasty.fill(SHARED, true, 2, 4.1, true);
                String ibkrFill = gateway.execute(IBKR_ONLY, false, 1, 7.5, true);
                await().atMost(DEADLINE)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> stores.stream()
                                .allMatch(c -> count(
                                                c,
                                                "SELECT count(*) FROM executions WHERE exec_id IN ('" + tastyFill
                                                        + "','" + ibkrFill + "')")
                                        == 2));
                for (Connection c : stores) {
                    assertThat(count(
                                    c,
                                    "SELECT count(*) FROM executions WHERE broker = 'tastytrade' AND side = 'buy' AND qty = 2"
                                            + " AND contract_key = '" + SHARED.occ() + "' AND account = '"
                                            + FakeTastytradeServer.ACCOUNT + "'"))
                            .isEqualTo(1);
                    assertThat(count(
                                    c,
                                    "SELECT count(*) FROM trades WHERE broker = 'ibkr' AND side = 'sell'"
                                            + " AND underlying = 'QQQ' AND account = '" + FakeIbkrGateway.ACCOUNT
                                            + "'"))
                            .isEqualTo(1);
                }
                // Over HTTP under the new path and, with its old list name, the old one.
                for (String[] path : new String[][] {{"/v1/executions", "executions"}, {"/v1/trades", "trades"}}) {
                    JsonNode body = MAPPER.readTree(
                            URI.create("http://127.0.0.1:" + p.httpPort() + path[0] + "?from=2020-01-01T00:00:00Z")
                                    .toURL());
                    List<String> ids = new ArrayList<>();
                    body.path(path[1]).forEach(x -> ids.add(x.path("exec_id").asText()));
                    assertThat(ids).as(path[0]).contains(tastyFill, ibkrFill);
                }

                // 4. Tastytrade's venue dies: IBKR keeps writing; tastytrade reports it and recovers on its own.
                int restPort = tasty.restPort();
                int wsPort = tasty.wsPort();
                tasty.close();
                long killedAt = System.currentTimeMillis();
                await().atMost(DEADLINE).until(() -> statuses.seen("tastytrade", "DXLINK", "disconnected", killedAt));
                long ibkrBefore = rowsSince(pgc, "ibkr", killedAt);
                await().atMost(DEADLINE)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> rowsSince(pgc, "ibkr", killedAt) > ibkrBefore + 10
                                && rowsSince(duck, "ibkr", killedAt) > 10);
                assertThat(rowsSince(duck, "tastytrade", killedAt + 1000))
                        .as("nothing from a dead venue")
                        .isZero();

                revived = FakeTastytradeServer.start(
                        wsPort, restPort, 11, List.of(SHARED, TASTY_ONLY), Duration.ofMillis(200), 60);
                long revivedAt = System.currentTimeMillis();
                await().atMost(DEADLINE).until(() -> statuses.seen("tastytrade", "DXLINK", "connected", revivedAt));
                await().atMost(DEADLINE)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> rowsSince(pgc, "tastytrade", revivedAt) > 0
                                && rowsSince(duck, "tastytrade", revivedAt) > 0);
                assertThat(statuses.states("tastytrade", "DXLINK"))
                        .containsSubsequence("connected", "disconnected", "connected");
                assertThat(statuses.states("ibkr", "GATEWAY")).doesNotContain("disconnected");
            }
        } finally {
            if (tastyAdapter != null) tastyAdapter.close();
            if (ibkrAdapter != null) ibkrAdapter.close();
            publisher.close();
            statuses.close();
            tasty.close();
            if (revived != null) revived.close();
            gateway.close();
            pg.dropDatabase(url);
        }
    }

    private static Greeks snap(String broker, long ts, double delta) {
        return new Greeks(
                broker,
                OccSymbol.eventSymbol(REPLAYED),
                ts,
                ts + 5,
                "REPLAY",
                REPLAYED,
                delta,
                0.01,
                -0.05,
                0.2,
                null,
                0.3,
                305.0,
                12.5);
    }

    private static String replayed(String and) {
        return "SELECT count(*) FROM greek_snapshots WHERE contract_key = '" + REPLAYED.occ() + "'" + and;
    }

    private static double counter(Platform p, String name) {
        Counter c = p.registry().find(name).counter();
        return c == null ? 0 : c.count();
    }

    private static Set<String> brokersOf(Connection c, OptionContract oc) {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT DISTINCT broker FROM greek_snapshots WHERE contract_key = '" + oc.occ() + "'")) {
            while (rs.next()) out.add(rs.getString(1));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Distinct (contract_key, underlying, expiry, strike, right) over both brokers' rows of {@code oc}. */
    private static List<String> identities(Connection c, OptionContract oc) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT DISTINCT contract_key, underlying, CAST(expiry AS VARCHAR), strike, option_right FROM greek_snapshots"
                                + " WHERE contract_key = '" + oc.occ() + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getDouble(4) + "|"
                        + rs.getString(5));
            }
        }
        return out;
    }

    private static long rowsSince(Connection c, String broker, long sinceMs) throws java.sql.SQLException {
        boolean duck = c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("duckdb");
        String since =
                duck ? "epoch_ms(received_at) >= " + sinceMs : "received_at >= to_timestamp(" + sinceMs / 1000.0 + ")";
        return count(
                c,
                "SELECT count(*) FROM greek_snapshots WHERE broker = '" + broker + "' AND account IS DISTINCT FROM"
                        + " 'REPLAY' AND " + since);
    }

    private static long count(Connection c, String sql) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every {@code md.status} record, read from the beginning on a background thread. */
    private static final class StatusLog implements AutoCloseable {
        record Entry(String venue, String connection, String state, long tsMs) {}

        private final List<Entry> entries = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        void start() {
            Properties props = new Properties();
            props.putAll(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    SharedKafkaBroker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    SharedKafkaBroker.uniqueName("status-log"),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest"));
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, String> c =
                                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                            c.subscribe(List.of(Topics.STATUS));
                            while (running.get()) {
                                for (var r : c.poll(Duration.ofMillis(200))) {
                                    try {
                                        JsonNode n = MAPPER.readTree(r.value());
                                        entries.add(new Entry(
                                                n.path("venue").asText(),
                                                n.path("symbol").asText(),
                                                n.path("state").asText(),
                                                n.path("recv_ms").asLong(r.timestamp())));
                                    } catch (Exception ignored) {
                                        // not a status record: irrelevant here
                                    }
                                }
                            }
                        }
                    },
                    "status-log");
            thread.setDaemon(true);
            thread.start();
        }

        boolean seen(String venue, String connection, String state, long sinceMs) {
            return entries.stream()
                    .anyMatch(e -> e.venue().equals(venue)
                            && e.connection().equals(connection)
                            && e.state().equals(state)
                            && e.tsMs() >= sinceMs);
        }

        /** The states of one connection in order, consecutive repeats collapsed. */
        List<String> states(String venue, String connection) {
            List<String> out = new ArrayList<>();
            for (Entry e : entries) {
                if (!e.venue().equals(venue) || !e.connection().equals(connection)) continue;
                if (out.isEmpty() || !out.get(out.size() - 1).equals(e.state())) out.add(e.state());
            }
            return out;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) thread.join(5000);
        }
    }
}
