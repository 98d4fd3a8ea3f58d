package dev.ticktape.app.decisions;

import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.http.HttpEdge;
import dev.ticktape.app.kafka.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything around the decision processor in one process: the sinks that deliver {@code md.decisions}
 * ({@code file:}, {@code tcp://}, standard output, each with its own feed), the gate file watcher and the
 * {@code POST /v1/decisions/gate} route, both publishing to {@code md.decisions.gate}.
 */
public final class DecisionOutputs implements AutoCloseable {
    /**
     * What to run.
     *
     * @param sinks       the {@code --decision-sink} values
     * @param stdout      {@code --decision-stdout}
     * @param gateFile    {@code --gate-file}, or null
     * @param groupPrefix prefix of the sinks' consumer groups (the Streams application id), so two deployments on
     *                    one cluster keep their own delivery positions
     */
    public record Spec(List<DecisionSinkSpec> sinks, boolean stdout, Path gateFile, String groupPrefix) {
        public Spec {
            sinks = List.copyOf(sinks);
            Objects.requireNonNull(groupPrefix, "groupPrefix");
        }
    }

    private record Running(String name, LineSink sink, DecisionFeed feed) {}

    private final List<Running> running = new ArrayList<>();
    private final List<Integer> tcpPorts = new ArrayList<>();
    private final GatePublisher publisher;
    private final GateFileWatcher watcher;
    private final GateRoute route;

    private DecisionOutputs(GatePublisher publisher, GateFileWatcher watcher, GateRoute route) {
        this.publisher = publisher;
        this.watcher = watcher;
        this.route = route;
    }

    /** Starts the sinks and the gate file watcher; on failure stops what had started and rethrows. */
    public static DecisionOutputs start(
            Spec spec, KafkaSettings kafka, MeterRegistry registry, String apiToken, PrintStream stdout, Clock clock)
            throws IOException {
        GatePublisher publisher = new GatePublisher(kafka);
        GateFileWatcher watcher =
                spec.gateFile() == null ? null : new GateFileWatcher(spec.gateFile(), publisher, clock);
        DecisionOutputs out = new DecisionOutputs(publisher, watcher, new GateRoute(publisher, apiToken, clock));
        try {
            int files = 0;
            for (DecisionSinkSpec s : spec.sinks()) {
                if (s instanceof DecisionSinkSpec.File f) {
                    String group = spec.groupPrefix() + "-decisions-file-" + files++;
                    out.add("file-" + f.path().getFileName(), new FileLineSink(f.path()), kafka, group);
                } else if (s instanceof DecisionSinkSpec.Tcp t) {
                    TcpLineSink tcp = new TcpLineSink(t.host(), t.port(), registry);
                    out.tcpPorts.add(tcp.port());
                    out.add("tcp-" + tcp.port(), tcp, kafka, null);
                }
            }
            if (spec.stdout()) {
                out.add("stdout", new StdoutLineSink(stdout), kafka, spec.groupPrefix() + "-decisions-stdout");
            }
            if (watcher != null) watcher.start();
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private void add(String name, LineSink sink, KafkaSettings kafka, String group) {
        DecisionFeed feed;
        try {
            feed = new DecisionFeed(name, kafka, group, sink);
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        running.add(new Running(name, sink, feed));
        feed.start();
    }

    /** One health component per sink ({@code decisions.<name>}) and the gate file's. */
    public void register(HealthCheck health) {
        for (Running r : running) health.register("decisions." + r.name(), true, r.sink()::health);
        if (watcher != null) health.register("decisions.gate_file", true, watcher::health);
    }

    public void routes(HttpEdge http) {
        http.post("/v1/decisions/gate", route);
    }

    /** The ports the {@code tcp://} sinks listen on, in the order given (useful with port 0). */
    public List<Integer> tcpPorts() {
        return List.copyOf(tcpPorts);
    }

    @Override
    public void close() {
        if (watcher != null) watcher.close();
        for (Running r : running) r.feed().close();
        publisher.close();
    }
}
