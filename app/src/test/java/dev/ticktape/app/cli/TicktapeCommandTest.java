package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
        for (String c : new String[] {"run", "gateway", "streams", "persist", "broker", "loadgen", "bench"}) {
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
                        "--metrics-host",
                        "--metrics-port",
                        "--bootstrap-servers",
                        "--kafka-config",
                        "--partitions");
    }

    @Test
    void servicesAreRecognisedSoMainDoesNotExitUnderThem() {
        assertThat(TicktapeCommand.isService(new String[] {"run"})).isTrue();
        assertThat(TicktapeCommand.isService(new String[] {"run", "--help"})).isFalse();
        assertThat(TicktapeCommand.isService(new String[] {"loadgen"})).isFalse();
    }
}
