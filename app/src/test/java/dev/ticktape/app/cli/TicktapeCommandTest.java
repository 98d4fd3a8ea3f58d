package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TicktapeCommandTest {
    private String help(String... args) {
        CommandLine cl = TicktapeCommand.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : COMMANDS) {
            assertThat(help(c, "--help")).as(c).contains("Usage: ticktape " + c);
        }
    }

    @Test
    void runKeepsThePublishedDaemonFlags() {
        String h = help("run", "--help");
        assertThat(h)
                .contains(
                        "--host",
                        "--port",
                        "--tail",
                        "--tail-follow",
                        "--stdin",
                        "--http-host",
                        "--http-port",
                        "--bootstrap-servers",
                        "--kafka-config",
                        "--partitions");
    }

    private static final String[] COMMANDS = {
        "run", "adapter", "gateway", "streams", "persist", "broker", "loadgen", "bench", "retention"
    };

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpShowsNoJavaFieldNamesAsPlaceholders() {
        // picocli's fallback label is <fieldName>; every option that takes a value names it in capitals instead.
        Pattern camel = Pattern.compile("<[a-z]+[A-Z][A-Za-z]*>|=<[a-z]+>");
        for (String c : COMMANDS) {
            String h = help(c, "--help");
            assertThat(camel.matcher(h).results().map(m -> m.group()).toList())
                    .as(c + " --help placeholders")
                    .isEmpty();
        }
    }

    @Test
    void anUnknownOptionPrintsTheErrorAndASuggestionInAFewLines() {
        CliRun r = run("run", "--http-prot", "8080");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        List<String> lines = r.err().lines().toList();
        assertThat(lines).hasSizeLessThanOrEqualTo(5);
        assertThat(r.err()).contains("Unknown option", "'--http-prot'", "--http-port", "ticktape run --help");
    }

    @Test
    void anAdapterRefusesSymbolsItsVenueWouldRefuseBeforeStartingAnything(@TempDir Path dir) {
        CliRun r = run("adapter", "binance", "--symbols", "btc/usdt,ETHUSDT", "--data-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid symbol for binance", "'btc/usdt'").doesNotContain("ETHUSDT'");
        assertThat(r.out()).isEmpty(); // no ready banner: nothing started
    }

    @Test
    void aBadHttpPortIsReportedUnderItsOwnName() {
        CliRun r = run("run", "--http-port", "abc");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'--http-port'").doesNotContain("--metrics-port");
    }

    @Test
    void oldFlagNamesStayAccepted() {
        CommandLine cl = TicktapeCommand.commandLine();
        CommandLine.ParseResult p = cl.parseArgs("run", "--metrics-port", "9100", "--metrics-host", "0.0.0.0");
        RunCommand run = (RunCommand) p.subcommand().commandSpec().userObject();
        assertThat(run.http.portOr(8080)).isEqualTo(9100);
        assertThat(run.http.host()).isEqualTo("0.0.0.0");

        CommandLine.ParseResult b = TicktapeCommand.commandLine().parseArgs("bench", "--sink", "postgres");
        assertThat(((BenchCommand) b.subcommand().commandSpec().userObject()).target())
                .isEqualTo("postgres");

        CommandLine.ParseResult l =
                TicktapeCommand.commandLine().parseArgs("loadgen", "--http-host", "10.0.0.1", "--http-port", "8090");
        assertThat(((LoadgenCommand) l.subcommand().commandSpec().userObject()).httpBase())
                .isEqualTo("http://10.0.0.1:8090");
    }

    @Test
    void retentionHelpListsOnlyWhatRetentionUses() {
        assertThat(help("retention", "--help"))
                .contains("--retention-1s", "--duckdb", "--dry-run")
                .doesNotContain("--retention-every", "--batch-rows", "--sink-group", "--duckdb-threads");
    }

    @Test
    void servicesAreRecognisedSoMainDoesNotExitUnderThem() {
        assertThat(TicktapeCommand.isService(new String[] {"run"})).isTrue();
        assertThat(TicktapeCommand.isService(new String[] {"run", "--help"})).isFalse();
        assertThat(TicktapeCommand.isService(new String[] {"loadgen"})).isFalse();
    }
}
