package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "persist", mixinStandardHelpOptions = true,
        description = "Run only the persistence worker: md.bars.1s / md.bars.1m -> DuckDB, and serve GET /v1/bars.")
final class PersistCommand extends ServiceCommand {
    @Mixin KafkaOptions kafka;
    @Mixin DataOptions data;
    @Mixin SinkOptions sink;
    @Mixin HttpOptions http;

    @Override
    PlatformSpec spec() {
        return new PlatformSpec("persist", data.dataDir(), kafka.bootstrapOrDefault(), null,
                kafka.settings(kafka.bootstrapOrDefault()).passThrough(), kafka.topicPlan(), null, null, null, 1,
                sink.spec(data.dataDir()), http.host, http.portOr(8080));
    }
}
