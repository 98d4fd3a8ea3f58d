package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.app.push.StreamLimits;
import dev.ticktape.app.wiring.PlatformSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The push API's limits reach the platform spec from the flags of any command with an HTTP edge. */
class StreamFlagsTest {
    private static PlatformSpec parsed(String... args) {
        CommandLine cl = TicktapeCommand.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(args);
        ServiceCommand c = (ServiceCommand) r.subcommand().commandSpec().userObject();
        return c.withStreamLimits(c.spec());
    }

    @Test
    void flagsSetTheLimits() {
        StreamLimits l = parsed("persist", "--stream-max-clients", "3", "--stream-queue-events", "50").http().stream();
        assertThat(l.maxClients()).isEqualTo(3);
        assertThat(l.queueEvents()).isEqualTo(50);
        assertThat(l.heartbeat()).isEqualTo(StreamLimits.DEFAULTS.heartbeat());
    }

    @Test
    void defaultsWithoutFlags() {
        assertThat(parsed("gateway").http().stream()).isEqualTo(StreamLimits.DEFAULTS);
    }

    @Test
    void listedInHelp() {
        CommandLine cl = TicktapeCommand.commandLine();
        assertThat(cl.getSubcommands().get("run").getUsageMessage())
                .contains("--stream-max-clients", "--stream-queue-events");
    }
}
