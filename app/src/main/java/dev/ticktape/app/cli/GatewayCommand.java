package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run only the NDJSON gateway (TCP, --tail, --stdin) publishing to --bootstrap-servers.")
final class GatewayCommand extends ServiceCommand {
    @Mixin KafkaOptions kafka;
    @Mixin DataOptions data;
    @Mixin GatewayOptions gateway;
    @Mixin HttpOptions http;

    @Override
    PlatformSpec spec() {
        return new PlatformSpec("gateway", data.dataDir(), kafka.bootstrapOrDefault(), null,
                kafka.settings(kafka.bootstrapOrDefault()).passThrough(), kafka.topicPlan(), gateway.config(),
                gateway.inputs(), null, 1, null, http.host, http.portOr(8081));
    }
}
