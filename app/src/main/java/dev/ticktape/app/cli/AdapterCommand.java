package dev.ticktape.app.cli;

import dev.ticktape.adapters.ibkr.GatewayTls;
import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.app.streaming.BinanceKind;
import dev.ticktape.app.streaming.DemoChain;
import dev.ticktape.app.streaming.IbkrKind;
import dev.ticktape.app.streaming.InvalidSymbolsException;
import dev.ticktape.app.streaming.PolygonKind;
import dev.ticktape.app.streaming.TastytradeKind;
import dev.ticktape.app.wiring.PlatformSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ticktape adapter <venue>}: one venue adapter as its own process, publishing to Kafka. */
@Command(
        name = "adapter",
        mixinStandardHelpOptions = true,
        description = "Run one venue adapter as its own process, publishing normalized events to --bootstrap-servers.",
        subcommands = {
            AdapterCommand.Binance.class,
            AdapterCommand.Polygon.class,
            AdapterCommand.Tastytrade.class,
            AdapterCommand.Ibkr.class
        })
final class AdapterCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * A venue refused us for good (e.g. a revoked key): say why once and exit non-zero, no retry loop. The exit
     * runs the shutdown hook (the producer flushes what was published, channels send their end ticks); it is
     * started from its own thread because the caller is an adapter thread that the shutdown waits for.
     */
    static void fatal(String reason) {
        System.err.println("ticktape adapter: " + reason);
        Thread exit = new Thread(() -> System.exit(3), "ticktape-fatal-exit");
        exit.start();
    }

    /**
     * What every adapter service shares: Kafka, its data directory, an HTTP edge on a port of its own (8083-8086, so
     * adapters run beside the other services) and the control flags.
     */
    abstract static class VenueService extends ServiceCommand {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        DataOptions data;

        @Mixin
        HttpOptions http;

        @Mixin
        ControlOptions control;

        /** Runs {@code kind} alone, started on {@code symbols}; no stale-feed alerts (one monitor per deployment). */
        PlatformSpec venueSpec(String venue, int defaultHttpPort, AdapterKind kind, List<String> symbols) {
            // A symbol the venue would refuse fails here, before Kafka or HTTP start, as a bad flag value.
            Map<String, String> problems = InvalidSymbolsException.find(symbols == null ? List.of() : symbols, kind);
            if (!problems.isEmpty()) {
                throw new ParameterException(
                        command.commandLine(), new InvalidSymbolsException(venue, problems).getMessage());
            }
            return kafka.platform("adapter-" + venue, data.dataDir())
                    .http(http.host(), http.portOr(defaultHttpPort))
                    .control(control.spec(List.of(kind), Map.of(venue, symbols == null ? List.of() : symbols), false))
                    .build();
        }
    }

    @Command(
            name = "polygon",
            mixinStandardHelpOptions = true,
            description =
                    "Polygon stocks: trades (md.trades), quotes (md.quotes), minute bars as upserts (md.bars.1m), "
                            + "with reconnect and REST gap-fill of minute bars. Key from POLYGON_API_KEY. --dry-run runs against "
                            + "a fake Polygon in-process.")
    static final class Polygon extends VenueService {

        @Option(
                names = "--symbols",
                split = ",",
                required = true,
                paramLabel = "SYM",
                description = "Symbols, comma-separated (e.g. AAPL,MSFT).")
        List<String> symbols;

        @Option(
                names = {"--dry-run", "--dryrun"},
                description = "Start a fake Polygon venue in this process and connect to it.")
        boolean dryrun;

        @Option(
                names = "--schedule",
                description = "Run only around NYSE regular sessions (holidays and half days "
                        + "included): connect --schedule-lead before the open, disconnect the same after the close.")
        boolean schedule;

        @Option(
                names = "--schedule-lead",
                paramLabel = "DURATION",
                defaultValue = "${env:TICKTAPE_SCHEDULE_LEAD:-15m}",
                converter = DurationConverter.class,
                description = "Lead/lag around the session for --schedule (default ${DEFAULT-VALUE}).")
        Duration scheduleLead;

        @Override
        PlatformSpec spec() {
            List<String> syms =
                    symbols.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
            return venueSpec(
                    "polygon",
                    8084,
                    new PolygonKind(dryrun, 42, AdapterCommand::fatal, schedule ? scheduleLead : null),
                    syms);
        }
    }

    @Command(
            name = "binance",
            mixinStandardHelpOptions = true,
            description =
                    "Binance spot: trades (md.trades), best bid/ask (md.quotes), diff-depth books (md.books), "
                            + "with reconnect, resubscribe and REST gap-fill. --dry-run runs against a fake Binance in-process.")
    static final class Binance extends VenueService {

        @Option(
                names = "--symbols",
                split = ",",
                required = true,
                paramLabel = "SYM",
                description = "Symbols, comma-separated (e.g. btcusdt,ethusdt).")
        List<String> symbols;

        @Option(
                names = {"--dry-run", "--dryrun"},
                description = "Start a fake Binance venue in this process and connect to it.")
        boolean dryrun;

        @Override
        PlatformSpec spec() {
            List<String> syms =
                    symbols.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
            return venueSpec("binance", 8083, new BinanceKind(dryrun, 42), syms);
        }
    }

    @Command(
            name = "tastytrade",
            mixinStandardHelpOptions = true,
            description =
                    "Tastytrade option Greeks (md.greeks) over DXLink for every open option position; credentials "
                            + "from TASTYTRADE_REFRESH_TOKEN, TASTYTRADE_CLIENT_SECRET, TASTYTRADE_ACCOUNTS. --dry-run runs "
                            + "against a fake tastytrade holding a demo SPY chain.")
    static final class Tastytrade extends VenueService {

        @Option(names = "--contracts", split = ",", paramLabel = "OCC", description = "Extra contracts (OCC symbols).")
        List<String> contracts = List.of();

        @Option(
                names = {"--dry-run", "--dryrun"},
                description = "Start a fake tastytrade in this process and connect to it.")
        boolean dryrun;

        @Override
        PlatformSpec spec() {
            return venueSpec("tastytrade", 8085, new TastytradeKind(dryrun, DemoChain.spy(20)), contracts);
        }
    }

    @Command(
            name = "ibkr",
            mixinStandardHelpOptions = true,
            description = "IBKR option Greeks (md.greeks) through the Client Portal gateway for every open option "
                    + "position. The gateway's self-signed certificate is trusted only with --gateway-truststore or "
                    + "--insecure-gateway-tls. --dry-run runs against a fake gateway holding a demo SPY chain.")
    static final class Ibkr extends VenueService {

        @Option(
                names = "--gateway",
                paramLabel = "URL",
                defaultValue = "${env:IBKR_GATEWAY_URL:-https://localhost:5000/v1/api}",
                description = "Client Portal gateway base URL (default ${DEFAULT-VALUE}).")
        String gateway;

        @Option(
                names = "--accounts",
                paramLabel = "ACCOUNT",
                split = ",",
                description = "Accounts (default: all the gateway shows).")
        List<String> accounts = List.of();

        @Option(names = "--conids", paramLabel = "CONID", split = ",", description = "Extra contracts by conid.")
        List<String> conids = List.of();

        @Option(
                names = "--gateway-truststore",
                paramLabel = "FILE",
                description = "Trust store (PKCS12) with the gateway's certificate.")
        Path truststore;

        @Option(
                names = "--insecure-gateway-tls",
                description = "Accept the gateway's self-signed certificate on localhost without checking it.")
        boolean insecure;

        @Option(
                names = {"--dry-run", "--dryrun"},
                description = "Start a fake IBKR gateway in this process and connect to it.")
        boolean dryrun;

        @Override
        PlatformSpec spec() {
            GatewayTls tls = insecure
                    ? GatewayTls.insecureLocalhost()
                    : truststore != null
                            ? GatewayTls.truststore(
                                    truststore, System.getenv().getOrDefault("IBKR_TRUSTSTORE_PASSWORD", ""))
                            : GatewayTls.jdkDefault();
            return venueSpec("ibkr", 8086, new IbkrKind(dryrun, gateway, accounts, tls, DemoChain.spy(20)), conids);
        }
    }
}
