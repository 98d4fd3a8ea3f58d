package dev.ticktape.app;

import dev.ticktape.app.cli.TicktapeCommand;
import dev.ticktape.app.wiring.ReplayCompletion;
import java.time.Duration;
import java.util.Arrays;

/** Entry point of the {@code ticktape} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = TicktapeCommand.commandLine().execute(args);
        if (code == 0 && Arrays.asList(args).contains("--exit-at-end")) {
            // The service returned because the replay's drain closed it; exit once its summary is printed.
            System.exit(ReplayCompletion.awaitExitStatus(Duration.ofSeconds(30)));
        }
        if (code != 0 || !TicktapeCommand.isService(args)) {
            System.exit(code);
        }
    }
}
