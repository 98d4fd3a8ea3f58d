package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared run loop of the long-running commands: start the platform, print where it listens, wait for stop. */
abstract class ServiceCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(
            names = "--drain-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:TICKTAPE_DRAIN_TIMEOUT:-30s}",
            converter = DurationConverter.class,
            description =
                    "On SIGTERM: stop intake, close every open bar and store it before exiting, for at most "
                            + "this long (0s: stop at once; open bars then wait in Kafka for the next start) (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Spec
    CommandSpec command;

    /** The parts this command runs. */
    abstract PlatformSpec spec();

    /** Applies the {@code --stream-*} flags of the command's {@link HttpOptions}, whichever command it is. */
    PlatformSpec withStreamLimits(PlatformSpec spec) {
        if (spec.http() == null) return spec;
        return httpOptions()
                .map(h -> spec.toBuilder().streamLimits(h.streamLimits()).build())
                .orElse(spec);
    }

    /** The command's {@link HttpOptions} mixin, whichever command it is. */
    private Optional<HttpOptions> httpOptions() {
        if (command == null) return Optional.empty();
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof HttpOptions h) return Optional.of(h);
        }
        return Optional.empty();
    }

    /** What the ready banner lists besides the defaults. */
    void describe(Platform p, ReadyBanner banner) {}

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PlatformSpec spec = withStreamLimits(spec());
        Integer refused = preflight(spec);
        if (refused != null) return refused;
        Platform platform = Platform.start(spec);
        Duration drain = drainTimeout;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (drain.isZero()) {
                                platform.close();
                            } else {
                                platform.drainAndClose(drain);
                            }
                        },
                        "ticktape-shutdown"));
        // "Ready" means a line sent now becomes a bar: wait for the topology's first assignment.
        if (!platform.awaitStreamsRunning(Duration.ofSeconds(60))) {
            LoggerFactory.getLogger(ServiceCommand.class).warn("topology not RUNNING after 60 s; continuing");
        }
        ReadyBanner banner = new ReadyBanner();
        banner.add("kafka", platform.bootstrapServers() + (spec.embeddedBroker() ? " (embedded)" : ""));
        if (platform.gatewayPort() >= 0)
            banner.add("ndjson gateway", "tcp://" + spec.gateway().config().host() + ":" + platform.gatewayPort());
        if (platform.httpPort() >= 0) {
            banner.add("http", "http://" + spec.http().host() + ":" + platform.httpPort());
            banner.add("dashboard", "http://" + spec.http().host() + ":" + platform.httpPort() + "/");
            // Read from the edge itself, so the banner lists exactly what this process answers.
            banner.add("http routes", String.join(" ", platform.httpPaths()));
        }
        if (spec.sink() != null) banner.add("duckdb", spec.sink().duckDbFile().toString());
        if (spec.postgres() != null) {
            banner.add(
                    "postgres",
                    PostgresOptions.masked(spec.postgres().config().r2dbcUrl()) + " (group "
                            + spec.postgres().groupId() + ")");
        }
        if (spec.retention() != null) banner.add("retention", spec.retention().describe());
        if (spec.streams() != null && spec.streams().analytics() != null) {
            banner.add("analytics", spec.streams().analytics().describe());
        }
        describe(platform, banner);
        banner.print(System.out, spec.service(), t0);
        platform.lifecycle().awaitStop();
        return 0;
    }

    /**
     * What would otherwise fail deep inside Kafka or RocksDB, checked before anything starts: another process on
     * the same data directory, fixed ports already taken, and
     * open mutating routes on an address other machines can reach. Each answers one line on stderr and exit code 2.
     */
    private Integer preflight(PlatformSpec spec) {
        Optional<String> exposed = httpOptions()
                .filter(h -> spec.http() != null)
                .flatMap(h -> ExposureCheck.problem(spec.http().host(), apiToken(spec), h.insecure));
        if (exposed.isPresent()) return refuse(exposed.get());
        // Processes that keep state in the data directory (broker log, Streams state, the DuckDB file) own it.
        boolean ownsDataDir = spec.embeddedBroker() || spec.streams() != null || spec.sink() != null;
        try {
            if (ownsDataDir) DataDirLock.acquire(spec.dataDir());
        } catch (DataDirLock.HeldException e) {
            return refuse(e.getMessage());
        }
        return PortCheck.firstConflict(PortCheck.of(spec)).map(this::refuse).orElse(null);
    }

    private static String apiToken(PlatformSpec spec) {
        return spec.control() != null ? spec.control().apiToken() : System.getenv("TICKTAPE_API_TOKEN");
    }

    private int refuse(String line) {
        var err = command.commandLine().getErr();
        err.println("ticktape " + command.name() + ": " + line);
        err.flush();
        return 2;
    }
}
