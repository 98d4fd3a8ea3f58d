package dev.ticktape.app.cli;

import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.PolygonKind;
import dev.ticktape.app.wiring.PlatformSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ticktape adapter <venue>}: one venue adapter as its own process, publishing to Kafka. */
@Command(name = "adapter", mixinStandardHelpOptions = true,
        description = "Run one venue adapter as its own process, publishing normalized events to --bootstrap-servers.",
        subcommands = {AdapterCommand.Binance.class, AdapterCommand.Polygon.class})
final class AdapterCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A venue refused us for good (e.g. a revoked key): say why once and exit non-zero, no retry loop. */
    static void fatal(String reason) {
        System.err.println("ticktape adapter: " + reason);
        Runtime.getRuntime().halt(3);
    }

    @Command(name = "polygon", mixinStandardHelpOptions = true,
            description = "Polygon stocks: trades (md.trades), quotes (md.quotes), minute bars as upserts (md.bars.1m), "
                    + "with reconnect and REST gap-fill of minute bars. Key from POLYGON_API_KEY. --dryrun runs against "
                    + "a fake Polygon in-process.")
    static final class Polygon extends ServiceCommand {
        @Mixin KafkaOptions kafka;
        @Mixin DataOptions data;
        @Mixin HttpOptions http;
        @Mixin ControlOptions control;

        @Option(names = "--symbols", split = ",", required = true, paramLabel = "SYM",
                description = "Symbols, comma-separated (e.g. AAPL,MSFT).")
        List<String> symbols;

        @Option(names = "--dryrun", description = "Start a fake Polygon venue in this process and connect to it.")
        boolean dryrun;

        @Override
        PlatformSpec spec() {
            List<String> syms = symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
            return new PlatformSpec("adapter-polygon", data.dataDir(), kafka.bootstrapOrDefault(), null,
                    kafka.settings(kafka.bootstrapOrDefault()).passThrough(), kafka.topicPlan(), null, null, null, 1,
                    null, http.host, http.portOr(8084), null, null,
                    control.spec(List.of(new PolygonKind(dryrun, 42, AdapterCommand::fatal)), Map.of("polygon", syms), false));
        }
    }

    @Command(name = "binance", mixinStandardHelpOptions = true,
            description = "Binance spot: trades (md.trades), best bid/ask (md.quotes), diff-depth books (md.books), "
                    + "with reconnect, resubscribe and REST gap-fill. --dryrun runs against a fake Binance in-process.")
    static final class Binance extends ServiceCommand {
        @Mixin KafkaOptions kafka;
        @Mixin DataOptions data;
        @Mixin HttpOptions http;
        @Mixin ControlOptions control;

        @Option(names = "--symbols", split = ",", required = true, paramLabel = "SYM",
                description = "Symbols, comma-separated (e.g. btcusdt,ethusdt).")
        List<String> symbols;

        @Option(names = "--dryrun", description = "Start a fake Binance venue in this process and connect to it.")
        boolean dryrun;

        @Override
        PlatformSpec spec() {
            List<String> syms = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            return new PlatformSpec("adapter-binance", data.dataDir(), kafka.bootstrapOrDefault(), null,
                    kafka.settings(kafka.bootstrapOrDefault()).passThrough(), kafka.topicPlan(), null, null, null, 1,
                    null, http.host, http.portOr(8083), null, null,
                    control.spec(List.of(new BinanceKind(dryrun, 42)), Map.of("binance", syms), false));
        }
    }
}
