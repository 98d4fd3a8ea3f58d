package dev.ticktape.app.cli;

import dev.ticktape.app.chaos.ChaosRun;
import dev.ticktape.app.chaos.ChaosSettings;
import dev.ticktape.app.chaos.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "Start broker, gateway, two streams instances and persist (DuckDB, and PostgreSQL with --pg-url) as "
                    + "separate processes in a temporary directory, drive a steady trade load, kill -9 and bounce "
                    + "them on a seeded schedule, then check that every accepted trade is stored exactly once: one "
                    + "verdict line per store. Exit 0 only when nothing is missing or doubled anywhere.",
            "Faults: " + "gateway-kill, streams-kill, persist-kill, persist-pg-kill, broker-kill, broker-bounce, "
                    + "pg-outage, malformed-burst, connection-cut."
        })
final class ChaosCommand implements Callable<Integer> {
    /** The short run CI affords: the faults the platform most needs to survive, in about two minutes. */
    private static final List<String> CI_FAULTS =
            List.of("streams-kill", "persist-kill", "broker-bounce", "malformed-burst", "connection-cut", "pg-outage");

    @Option(
            names = "--minutes",
            paramLabel = "N",
            description = "How long the load runs, faults included (default 3; the ci profile: 0.75).")
    Double minutes;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the fault order, times and load (default: random).")
    Long seed;

    @Option(
            names = "--faults",
            split = ",",
            paramLabel = "FAULT",
            description = "Faults to inject, each once, comma-separated (default: all that apply; the ci profile: "
                    + "streams-kill,persist-kill,broker-bounce,malformed-burst,connection-cut,pg-outage).")
    List<String> faults;

    @Option(
            names = "--pg-url",
            paramLabel = "R2DBC-URL",
            defaultValue = "${env:TICKTAPE_PG_URL}",
            description = "Also test a PostgreSQL store on this server, in a database of the run's own that is dropped "
                    + "afterwards (env TICKTAPE_PG_URL; password from TICKTAPE_PG_PASSWORD).")
    String pgUrl;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description = "Trades per second (default 3000; the ci profile: 2000).")
    Integer rate;

    @Option(
            names = "--symbols",
            paramLabel = "N",
            description = "Instruments the trades spread over (default 50; the ci profile: 20).")
    Integer symbols;

    @Option(
            names = "--settle-timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long the stores may take after the load to hold every accepted trade (default 90s; "
                    + "the ci profile: 45s).")
    Duration settleTimeout;

    @Option(names = "--keep", description = "Keep the run's directory (logs, data) and PostgreSQL database.")
    boolean keep;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "${env:TICKTAPE_CHAOS_DIR}",
            description = "Where to make the run's directory (default: the system temp directory).")
    Path dir;

    @Option(
            names = "--profile",
            paramLabel = "ci",
            description = "Defaults for a short run: ci (45 s of load, 2000 trades/s, the CI faults).")
    String profile;

    @Override
    public Integer call() throws Exception {
        boolean ci = profile != null;
        if (ci && !profile.equals("ci")) throw new IllegalArgumentException("--profile takes ci, got " + profile);
        double mins = minutes != null ? minutes : ci ? 0.75 : 3;
        List<Fault> chosen =
                faults != null ? Fault.parse(faults) : ci ? Fault.parse(CI_FAULTS) : List.of(Fault.values());
        ChaosSettings s = new ChaosSettings(
                Duration.ofMillis(Math.round(mins * 60_000)),
                seed != null ? seed : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                chosen,
                pgUrl,
                rate != null ? rate : ci ? 2000 : 3000,
                symbols != null ? symbols : ci ? 20 : 50,
                settleTimeout != null ? settleTimeout : Duration.ofSeconds(ci ? 45 : 90),
                keep,
                dir);
        return new ChaosRun(s, System.out).run();
    }
}
