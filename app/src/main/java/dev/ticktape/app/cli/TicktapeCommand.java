package dev.ticktape.app.cli;

import java.io.PrintWriter;
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
            InstrumentsCommand.class,
            ExportCommand.class,
            PlotDecisionsCommand.class,
            ChaosCommand.class,
            HealthCommand.class,
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
        cl.setParameterExceptionHandler(TicktapeCommand::badArguments);
        return cl;
    }

    /**
     * A mistyped flag or value gets the error, picocli's closest matches, and where to read more: a few lines,
     * not the full usage, which buried the one line that mattered.
     */
    private static int badArguments(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("ticktape: " + ex.getMessage());
        // Prints "Possible solutions: ..." for an unknown option or subcommand, nothing otherwise.
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return 2;
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
