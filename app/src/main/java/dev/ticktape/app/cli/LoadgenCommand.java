package dev.ticktape.app.cli;

import dev.ticktape.app.loadgen.BarsVerifier;
import dev.ticktape.app.loadgen.DecisionsProbe;
import dev.ticktape.app.loadgen.LoadGenerator;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "loadgen",
        mixinStandardHelpOptions = true,
        description = "Send synthetic trades and ohlc1s bars over TCP at a set rate, then check that what the "
                + "platform persisted equals what was sent (exit 1 if not).")
final class LoadgenCommand implements Callable<Integer> {
    @Option(
            names = "--host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "Gateway host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9009",
            description = "Gateway port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--http-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "HTTP edge host of the process that persists bars (default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "HTTP edge port of the process that persists bars (default ${DEFAULT-VALUE}).")
    int httpPort;

    /** The old spelling, kept so existing scripts work; the host/port pair matches every other command. */
    @Option(
            names = "--http",
            paramLabel = "URL",
            hidden = true,
            description = "Deprecated: use --http-host and --http-port.")
    String httpUrl;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            defaultValue = "10000",
            description = "Average messages per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--seconds",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long to send (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--symbols",
            paramLabel = "N",
            defaultValue = "20",
            description = "Number of symbols (default ${DEFAULT-VALUE}).")
    int symbols;

    @Option(
            names = "--ohlc-share",
            paramLabel = "FRACTION",
            defaultValue = "0.1",
            description = "Share of symbols that send ohlc1s bars instead of trades (default ${DEFAULT-VALUE}).")
    double ohlcShare;

    @Option(
            names = "--bursts",
            description = "Add bursts (4x rate for 250 ms every ~2 s) and random pauses (50-400 ms).")
    boolean bursts;

    @Option(
            names = "--venue",
            paramLabel = "VENUE",
            defaultValue = "loadgen",
            description = "Venue label (default ${DEFAULT-VALUE}).")
    String venue;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: random).")
    Long seed;

    @Option(
            names = "--wait-seconds",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long to wait for the gateway to accept the connection (retried; also after a drop "
                    + "mid-run) and for persistence before declaring a mismatch (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--no-verify", description = "Only send; do not compare with the database.")
    boolean noVerify;

    @Option(
            names = "--check-decisions",
            description = "After the load (or instead of it, with --read-only), report the stored decisions: rows, "
                    + "the latest per instrument, and that each has its completed 1s bar. Exit 1 if none are stored "
                    + "or one lacks its bar.")
    boolean checkDecisions;

    @Option(
            names = "--read-only",
            description = "Send nothing: only probe what the running platform stored (with --check-decisions).")
    boolean readOnly;

    /** The HTTP edge's base URL: the deprecated --http wins when given, with a warning. */
    String httpBase() {
        if (httpUrl != null) {
            System.err.println("ticktape loadgen: --http is deprecated; use --http-host and --http-port");
            return httpUrl;
        }
        return "http://" + httpHost + ":" + httpPort;
    }

    @Override
    public Integer call() throws Exception {
        if (readOnly && !checkDecisions) throw new IllegalArgumentException("--read-only goes with --check-decisions");
        int code = readOnly ? 0 : load();
        if (checkDecisions) {
            DecisionsProbe.Result r =
                    new DecisionsProbe(httpBase(), System.getenv("TICKTAPE_API_TOKEN")).run(System.out);
            if (!r.ok()) code = 1;
        }
        return code;
    }

    private int load() throws Exception {
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        String runId = String.format(Locale.ROOT, "%04X", (int) (Math.abs(s) % 0xFFFF));
        LoadGenerator gen = new LoadGenerator(new LoadGenerator.Config(
                host,
                port,
                venue,
                runId,
                rate,
                seconds,
                symbols,
                ohlcShare,
                bursts,
                s,
                Duration.ofSeconds(Math.max(0, waitSeconds))));
        System.out.printf(
                Locale.ROOT,
                "loadgen run %s: %d msg/s for %d s over %d symbols (LG%sS0000..)%s%n",
                runId,
                rate,
                seconds,
                symbols,
                runId,
                bursts ? " with bursts and pauses" : "");
        BarsVerifier verifier = new BarsVerifier(httpBase(), venue);
        BarsVerifier.Late lateBefore = noVerify ? null : verifier.late();
        LoadGenerator.Sent sent = gen.run();
        if (noVerify) {
            System.out.printf(
                    Locale.ROOT,
                    "sent %d trades and %d ohlc1s bars%s%n",
                    sent.trades(),
                    sent.bars(),
                    sent.reconnects() == 0 && sent.inDoubt() == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "; connection made again %d times, %d lines in doubt (in writes that failed)",
                                    sent.reconnects(),
                                    sent.inDoubt()));
            return 0;
        }
        System.out.println("waiting for persistence ...");
        BarsVerifier.Result r = verifier.awaitEqual(gen, Duration.ofSeconds(waitSeconds));
        BarsVerifier.print(System.out, sent, r, verifier.late().minus(lateBefore));
        return r.equal() ? 0 : 1;
    }
}
