package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.Platform;
import dev.ticktape.app.wiring.PlatformSpec;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared run loop of the long-running commands: start the platform, print where it listens, wait for stop. */
abstract class ServiceCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(
            names = "--drain-timeout",
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
        if (spec.http() == null || command == null) return spec;
        for (CommandSpec mixin : command.mixins().values()) {
            if (mixin.userObject() instanceof HttpOptions h) {
                return spec.toBuilder().streamLimits(h.streamLimits()).build();
            }
        }
        return spec;
    }

    /** What the ready banner lists besides the defaults. */
    void describe(Platform p, ReadyBanner banner) {}

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PlatformSpec spec = withStreamLimits(spec());
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
        if (platform.httpPort() >= 0)
            banner.add(
                    "http",
                    "http://" + spec.http().host() + ":" + platform.httpPort() + "  (/health /metrics"
                            + (platform.barQueries().isPresent() ? " /v1/bars)" : ")"));
        if (spec.sink() != null) banner.add("duckdb", spec.sink().duckDbFile().toString());
        if (spec.postgres() != null) {
            banner.add(
                    "postgres",
                    PostgresOptions.masked(spec.postgres().config().r2dbcUrl()) + " (group "
                            + spec.postgres().groupId() + ")");
        }
        describe(platform, banner);
        banner.print(System.out, spec.service(), t0);
        platform.lifecycle().awaitStop();
        return 0;
    }
}
