package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description = "Run only the Kafka Streams topology (trades -> 1s bars, ohlc1s pass-through, 1m roll-up).")
final class StreamsCommand extends ServiceCommand {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    DataOptions data;

    @Mixin
    TopologyOptions topology;

    @Mixin
    AnalyticsOptions analytics;

    @Mixin
    HttpOptions http;

    @Override
    PlatformSpec spec() {
        return kafka.platform("streams", data.dataDir())
                .streams(topology.spec(analytics, false))
                .http(http.host(), http.portOr(8082))
                .build();
    }
}
