package dev.ticktape.app.cli;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.bench.AnalyticsBench;
import dev.ticktape.app.bench.Bench;
import dev.ticktape.app.bench.BinanceDecodeBench;
import dev.ticktape.app.bench.DashboardBench;
import dev.ticktape.app.bench.GreeksBench;
import dev.ticktape.app.bench.PolygonDecodeBench;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import dev.ticktape.model.BarInterval;
import dev.ticktape.persistence.postgres.PostgresSinkBench;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmark the pipeline end to end in this JVM (embedded broker, gateway, topology, DuckDB, "
                + "all in a temporary directory) next to a same-run broker-only baseline.")
final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--seconds",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description = "Max-rate phase length (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--symbols",
            paramLabel = "N",
            defaultValue = "100",
            description = "Symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(
            names = "--connections",
            paramLabel = "N",
            defaultValue = "2",
            description = "TCP connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--latency-rate",
            paramLabel = "PER_SECOND",
            defaultValue = "50000",
            description = "Trades/s in the latency phase (default ${DEFAULT-VALUE}).")
    int latencyRate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "SECONDS",
            defaultValue = "15",
            description = "Latency phase length (default ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "4",
            description = "Topic partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--stream-threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Kafka Streams threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--greeks",
            description = "Benchmark Greeks end to end (fake tastytrade DXLink -> adapter -> Kafka -> "
                    + "topology -> DuckDB, and PostgreSQL with --pg-url): received->persisted latency per store.")
    boolean greeks;

    @Option(
            names = "--contracts",
            paramLabel = "N",
            defaultValue = "2000",
            description = "Option contracts for --greeks (default ${DEFAULT-VALUE}).")
    int contracts;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "For --greeks: time before the measured "
                    + "window, in which the cold pipeline (JIT, first partitions, connection pools) catches up; its latency is "
                    + "printed separately (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(
            names = "--tick-ms",
            paramLabel = "MS",
            defaultValue = "200",
            description = "Update interval per contract for --greeks (default ${DEFAULT-VALUE}).")
    int tickMs;

    @Option(
            names = "--adapters",
            description = "Benchmark the venue adapters' decoding (frames/s on one core) next "
                    + "to a plain Jackson parse of the same frames, instead of the pipeline.")
    boolean adapters;

    @Option(
            names = "--frames",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Frames for --adapters (default ${DEFAULT-VALUE}).")
    long frames;

    @Option(
            names = "--target",
            defaultValue = "pipeline",
            paramLabel = "pipeline|postgres|analytics|dashboard",
            description = "What to benchmark. pipeline: end to end; postgres: the PostgreSQL sink's write path "
                    + "against a same-run plain COPY baseline (needs --pg-url); analytics: the bar path with "
                    + "summaries (60 s and 300 s) and features (1s and 1m bars) on against the same run without "
                    + "them; dashboard: the bar path with --pages open dashboard pages (their event streams and polls) "
                    + "against the same run without (default ${DEFAULT-VALUE}).")
    String target;

    @Option(
            names = "--pages",
            paramLabel = "N",
            defaultValue = "50",
            description = "Open dashboard pages for --target dashboard (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "1",
            description = "Rounds of without/with/with/without phases for --target dashboard; the verdict is on the"
                    + " median round (default ${DEFAULT-VALUE}).")
    int rounds;

    /** The old name: --sink means which stores to run in persist, so here it became --target. */
    @Option(
            names = "--sink",
            paramLabel = "pipeline|postgres",
            hidden = true,
            description = "Deprecated alias of --target.")
    String sinkAlias;

    /** What --target (or the old --sink, which wins when given) asks for. */
    String target() {
        return sinkAlias != null ? sinkAlias : target;
    }

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "200000",
            description = "Rows for --target postgres (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(
            names = "--batch-rows",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Batch size for --target postgres (default ${DEFAULT-VALUE}).")
    int batchRows;

    @picocli.CommandLine.Mixin
    PostgresOptions postgres;

    /** Embedded broker, topology and DuckDB sink on free ports in {@code dir}; no HTTP edge. */
    private PlatformSpec.Builder benchSpec(Path dir) {
        return PlatformSpec.builder("bench", dir)
                .kafka(PlatformSpec.KafkaSpec.embedded("127.0.0.1", 0))
                .topics(new TopicProvisioner.Plan(partitions, (short) -1, 4L << 30))
                .streams(TopologyConfig.defaults(), threads)
                .sink(new PlatformSpec.SinkSpec(
                        dir.resolve("bench.duckdb"), "ticktape-sink-duckdb", 5000, Duration.ofMillis(200)));
    }

    private int greeks() throws Exception {
        Path dir = Files.createTempDirectory("ticktape-bench-greeks");
        GreeksBench.Config cfg = new GreeksBench.Config(
                contracts, Duration.ofMillis(tickMs), Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
        PlatformSpec spec = benchSpec(dir)
                .postgres(
                        postgres.enabled()
                                ? new PlatformSpec.PostgresSpec(
                                        postgres.config(), "bench-pg", 5000, Duration.ofMillis(200))
                                : null)
                .control(new PlatformSpec.ControlSpec(
                        List.of(new GreeksBench.ChainKind(cfg)),
                        Map.of("tastytrade", List.of()),
                        false,
                        Duration.ofSeconds(30),
                        Map.of(),
                        null))
                .build();
        try (Platform p = Platform.start(spec)) {
            if (!p.awaitStreamsRunning(Duration.ofSeconds(60)))
                throw new IllegalStateException("topology did not start");
            GreeksBench.run(p, cfg, System.out);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    /** The bar path with and without summaries and features, each on a fresh platform in its own directory. */
    private int analytics() throws Exception {
        List<Path> dirs = new ArrayList<>();
        Function<Boolean, PlatformSpec> specs = on -> {
            try {
                Path dir = Files.createTempDirectory("ticktape-bench-analytics");
                dirs.add(dir);
                PlatformSpec.Builder b =
                        benchSpec(dir).gateway(GatewayConfig.defaults().withPort(0));
                if (on) {
                    Duration horizon = TopologyConfig.defaults().allowedLateness();
                    b.streams(new PlatformSpec.StreamsSpec(TopologyConfig.defaults(), threads)
                            .withAnalytics(new PlatformSpec.AnalyticsSpec(
                                    new SummaryConfig(
                                            List.of(Duration.ofSeconds(60), Duration.ofSeconds(300)), horizon),
                                    FeatureConfig.defaults()
                                            .withIntervals(EnumSet.allOf(BarInterval.class))
                                            .withHorizon(horizon))));
                }
                return b.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            AnalyticsBench.run(
                    specs, new Bench.Config(seconds, symbols, connections, latencyRate, latencySeconds), System.out);
        } finally {
            deleteAll(dirs);
        }
        return 0;
    }

    /** The bar path with and without open dashboard pages, each phase on a fresh platform with an HTTP edge. */
    private int dashboard() throws Exception {
        List<Path> dirs = new ArrayList<>();
        Function<Boolean, PlatformSpec> specs = pagesOpen -> {
            try {
                Path dir = Files.createTempDirectory("ticktape-bench-dashboard");
                dirs.add(dir);
                // Both sides serve HTTP; only the pages differ.
                return benchSpec(dir)
                        .gateway(GatewayConfig.defaults().withPort(0))
                        .http("127.0.0.1", 0)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        try {
            DashboardBench.run(
                    specs,
                    new Bench.Config(seconds, symbols, connections, latencyRate, latencySeconds),
                    pages,
                    rounds,
                    System.out);
        } finally {
            deleteAll(dirs);
        }
        return 0;
    }

    private static void deleteAll(List<Path> dirs) throws IOException {
        for (Path dir : dirs) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (adapters) {
            System.out.println(BinanceDecodeBench.run(frames));
            System.out.println(PolygonDecodeBench.run(frames));
            return 0;
        }
        if (target().equals("postgres")) {
            if (!postgres.enabled())
                throw new IllegalArgumentException("--target postgres needs --pg-url (or TICKTAPE_PG_URL)");
            PostgresSinkBench.run(postgres.config(), rows, batchRows, System.out);
            return 0;
        }
        if (target().equals("analytics")) return analytics();
        if (target().equals("dashboard")) return dashboard();
        if (!target().equals("pipeline")) {
            throw new IllegalArgumentException("--target takes pipeline, postgres, analytics or dashboard");
        }
        if (greeks) return greeks();
        Path dir = Files.createTempDirectory("ticktape-bench");
        PlatformSpec spec =
                benchSpec(dir).gateway(GatewayConfig.defaults().withPort(0)).build();
        try (Platform p = Platform.start(spec)) {
            if (!p.awaitStreamsRunning(Duration.ofSeconds(60)))
                throw new IllegalStateException("topology did not start");
            new Bench(p, new Bench.Config(seconds, symbols, connections, latencyRate, latencySeconds), System.out)
                    .run();
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }
}
