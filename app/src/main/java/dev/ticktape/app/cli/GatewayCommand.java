package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = "Run only the NDJSON gateway (TCP, --tail, --stdin) publishing to --bootstrap-servers.")
final class GatewayCommand extends ServiceCommand {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    DataOptions data;

    @Mixin
    GatewayOptions gateway;

    @Mixin
    HttpOptions http;

    @Override
    PlatformSpec spec() {
        return kafka.platform("gateway", data.dataDir())
                .gateway(gateway.config(), gateway.inputs())
                .http(http.host(), http.portOr(8081))
                .build();
    }
}
