package dev.ticktape.app;

import dev.ticktape.app.cli.TicktapeCommand;

/** Entry point of the {@code ticktape} executable. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = TicktapeCommand.commandLine().execute(args);
        if (code != 0 || !TicktapeCommand.isService(args)) {
            System.exit(code);
        }
    }
}
