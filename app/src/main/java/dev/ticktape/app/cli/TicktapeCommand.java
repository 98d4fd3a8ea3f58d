package dev.ticktape.app.cli;

import java.util.Arrays;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ticktape} command and its subcommands. */
@Command(
        name = "ticktape",
        mixinStandardHelpOptions = true,
        version = "ticktape 0.1.0",
        description = "Market data on Kafka Streams: adapters -> topics -> bars -> DuckDB.",
        subcommands = {
            RunCommand.class,
            AdapterCommand.class,
            GatewayCommand.class,
            StreamsCommand.class,
            PersistCommand.class,
            BrokerCommand.class,
            LoadgenCommand.class,
            BenchCommand.class,
            RetentionCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TicktapeCommand implements Runnable {
    private static final Set<String> SERVICES = Set.of("run", "adapter", "gateway", "streams", "persist", "broker");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TicktapeCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            // Operators get one clear line; the stack trace only at debug level.
            System.err.println("ticktape " + cmd.getCommandName() + ": " + rootMessage(ex));
            LoggerFactory.getLogger(TicktapeCommand.class).debug("failure", ex);
            return 2;
        });
        return cl;
    }

    /** Long-running commands return from main only when stopped; their JVM exits with their threads. */
    public static boolean isService(String[] args) {
        return args.length > 0
                && SERVICES.contains(args[0])
                && Arrays.stream(args)
                        .noneMatch(
                                a -> a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V"));
    }

    private static String rootMessage(Throwable t) {
        String msg = t.getMessage();
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
            if (c.getMessage() != null) msg = msg == null ? c.getMessage() : msg;
        }
        return msg != null ? msg : t.toString();
    }
}
