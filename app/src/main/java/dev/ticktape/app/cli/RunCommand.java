package dev.ticktape.app.cli;

import dev.ticktape.adapters.ibkr.GatewayTls;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.DemoChain;
import dev.ticktape.app.streaming.DemoFaults;
import dev.ticktape.app.streaming.IbkrKind;
import dev.ticktape.app.streaming.PolygonKind;
import dev.ticktape.app.streaming.TastytradeKind;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Everything in one JVM: embedded broker (unless --bootstrap-servers), gateway, topology, DuckDB sink, HTTP. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the whole pipeline in one process: NDJSON gateway -> Kafka -> 1s/1m bars -> DuckDB "
                + "(and PostgreSQL with --pg-url), with an embedded Kafka broker unless --bootstrap-servers is given.")
final class RunCommand extends ServiceCommand {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    BrokerOptions broker;

    @Mixin
    DataOptions data;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    TopologyOptions topology;

    @Mixin
    AnalyticsOptions analytics;

    @Mixin
    SinkOptions sink;

    @Mixin
    HttpOptions http;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    RetentionOptions retention;

    @Mixin
    ControlOptions control;

    @Mixin
    ReconcileOptions reconcile;

    @Option(
            names = "--demo",
            description = "Also start fake venues in-process and adapters on them "
                    + "(binance: btcusdt, ethusdt; polygon: AAPL, MSFT; tastytrade and ibkr: a SPY option chain), so bars, books, "
                    + "Greeks and statuses flow at once.")
    boolean demo;

    @Option(
            names = "--demo-faults",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "${env:TICKTAPE_DEMO_FAULTS:-0s}",
            description = "With --demo: every DURATION the fake venues inject the next fault of a cycle (binance "
                    + "1006, polygon silent trade drops, binance stall, polygon outage, binance depth gap), so "
                    + "/v1/gaps, bar coverage and reconciliation have something to show; 0s: none (default "
                    + "${DEFAULT-VALUE}).")
    Duration demoFaults;

    private BinanceKind binanceKind;
    private PolygonKind polygonKind;

    /** Symbols the demo streams. */
    static final List<String> DEMO_BINANCE = List.of("btcusdt", "ethusdt");

    static final List<String> DEMO_POLYGON = List.of("AAPL", "MSFT");

    @Override
    void describe(Platform p, ReadyBanner banner) {
        if (!demo || demoFaults.isZero()) return;
        if (demoFaults.isNegative()) throw new IllegalArgumentException("--demo-faults must not be negative");
        p.lifecycle().add("demo faults", DemoFaults.start(demoFaults, binanceKind::venue, polygonKind::venue));
        banner.add("demo faults", DemoFaults.describe(demoFaults));
    }

    @Override
    PlatformSpec spec() {
        return kafka.platform("run", data.dataDir(), broker)
                .gateway(gateway.config(), gateway.inputs())
                .streams(topology.spec(analytics, demo))
                .sink(sink.spec(data.dataDir()))
                .postgres(sink.postgresSpec(postgres))
                .retention(sink.retentionSpec(retention))
                .http(http.host(), http.portOr(8080))
                .control(control.spec(
                        List.of(
                                binanceKind = new BinanceKind(demo, 42),
                                polygonKind = new PolygonKind(
                                        demo,
                                        42,
                                        reason -> LoggerFactory.getLogger(RunCommand.class)
                                                .error("polygon adapter stopped: {}", reason)),
                                new TastytradeKind(demo, DemoChain.spy(20)),
                                new IbkrKind(
                                        demo,
                                        "https://localhost:5000/v1/api",
                                        List.of(),
                                        GatewayTls.jdkDefault(),
                                        DemoChain.spy(20))),
                        demo
                                ? Map.of(
                                        "binance",
                                        DEMO_BINANCE,
                                        "polygon",
                                        DEMO_POLYGON,
                                        "tastytrade",
                                        List.of(),
                                        "ibkr",
                                        List.of())
                                : Map.of(),
                        true))
                .reconcile(reconcile.settings(demo, topology.allowedLateness))
                .build();
    }
}
