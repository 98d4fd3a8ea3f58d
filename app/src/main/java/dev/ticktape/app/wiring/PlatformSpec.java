package dev.ticktape.app.wiring;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.persistence.retention.RetentionPolicy;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.greeks.GreeksConfig;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Which parts one process runs and how. A null part is not started; {@code ticktape run} sets them all, each
 * single-part command sets one. Built once at start-up from the CLI flags.
 *
 * @param service          metrics tag and log label (run, gateway, streams, persist, bench)
 * @param dataDir          root for the embedded broker log, Streams state and the DuckDB file
 * @param bootstrapServers Kafka to use; null starts the embedded broker
 * @param broker           embedded broker listener (used only when bootstrapServers is null)
 * @param kafkaPassThrough user Kafka client settings, applied last to every client
 * @param topics           layout of topics created at start
 * @param gateway          NDJSON gateway, or null
 * @param inputs           extra line sources for the gateway (files, stdin)
 * @param topology         the bar topology, or null
 * @param streamThreads    Kafka Streams threads
 * @param sink             the DuckDB persistence worker, or null
 * @param httpHost         HTTP edge bind address
 * @param httpPort         HTTP edge port; 0 = any free port; -1 = no HTTP edge
 * @param postgres         the PostgreSQL persistence worker (its own consumer group), or null
 * @param retention        the retention schedule over the stores this process owns, or null
 * @param control          venue adapters, their control API and the stale-feed alerts, or null
 * @param greeks           the Greeks part of the topology (runs with the bar topology); null = defaults
 */
public record PlatformSpec(String service, Path dataDir, String bootstrapServers, BrokerListener broker,
                           Properties kafkaPassThrough, TopicProvisioner.Plan topics, GatewayConfig gateway,
                           Inputs inputs, TopologyConfig topology, int streamThreads, SinkSpec sink, String httpHost,
                           int httpPort, PostgresSpec postgres, RetentionSpec retention, ControlSpec control,
                           GreeksConfig greeks) {

    /** The same spec with default Greeks settings. */
    public PlatformSpec(String service, Path dataDir, String bootstrapServers, BrokerListener broker,
                        Properties kafkaPassThrough, TopicProvisioner.Plan topics, GatewayConfig gateway, Inputs inputs,
                        TopologyConfig topology, int streamThreads, SinkSpec sink, String httpHost, int httpPort,
                        PostgresSpec postgres, RetentionSpec retention, ControlSpec control) {
        this(service, dataDir, bootstrapServers, broker, kafkaPassThrough, topics, gateway, inputs, topology,
                streamThreads, sink, httpHost, httpPort, postgres, retention, control, null);
    }

    /**
     * Venue adapters this process can run (started now: {@code autostart}, or later over HTTP), and whether it
     * watches feeds for staleness.
     *
     * @param kinds        adapters this process can start
     * @param autostart    adapter name -> symbols to start with
     * @param alerts       run the stale-feed monitor (one per deployment, or alerts are doubled)
     * @param staleTimeout heartbeat timeout of a feed; per-venue overrides in {@code venueTimeouts}
     * @param apiToken     bearer token for mutating endpoints, or null
     */
    public record ControlSpec(List<dev.ticktape.app.streaming.AdapterKind> kinds, Map<String, List<String>> autostart,
                              boolean alerts, Duration staleTimeout, Map<String, Duration> venueTimeouts,
                              String apiToken) {
        public ControlSpec {
            kinds = List.copyOf(kinds);
            autostart = Map.copyOf(autostart);
            venueTimeouts = Map.copyOf(venueTimeouts);
        }
    }

    /** The PostgreSQL sink: where, and its consumer group (separate from DuckDB's so neither stalls the other). */
    public record PostgresSpec(PostgresConfig config, String groupId, int maxBatchRows, Duration maxBatchDelay) {
        public PostgresSpec {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(groupId, "groupId");
        }
    }

    /** How often retention runs and what it keeps. */
    public record RetentionSpec(RetentionPolicy policy, Duration every) {
        public RetentionSpec {
            Objects.requireNonNull(policy, "policy");
            if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("retention interval must be > 0");
        }
    }

    /** The same spec without PostgreSQL and retention (the spine's parts only). */
    public PlatformSpec(String service, Path dataDir, String bootstrapServers, BrokerListener broker,
                        Properties kafkaPassThrough, TopicProvisioner.Plan topics, GatewayConfig gateway, Inputs inputs,
                        TopologyConfig topology, int streamThreads, SinkSpec sink, String httpHost, int httpPort) {
        this(service, dataDir, bootstrapServers, broker, kafkaPassThrough, topics, gateway, inputs, topology,
                streamThreads, sink, httpHost, httpPort, null, null, null);
    }

    /** Embedded broker address. */
    public record BrokerListener(String host, int port) {}

    /** Non-TCP gateway inputs. */
    public record Inputs(List<Path> tailFiles, boolean follow, boolean stdin) {
        public static final Inputs NONE = new Inputs(List.of(), false, false);

        public Inputs {
            tailFiles = List.copyOf(tailFiles);
        }
    }

    /** The DuckDB sink: file and batching. */
    public record SinkSpec(Path duckDbFile, String groupId, int maxBatchRows, Duration maxBatchDelay, int duckDbThreads) {
        public SinkSpec {
            Objects.requireNonNull(duckDbFile, "duckDbFile");
            if (maxBatchRows < 1) throw new IllegalArgumentException("batch rows must be >= 1");
            if (maxBatchDelay.isNegative() || maxBatchDelay.isZero()) throw new IllegalArgumentException("batch delay must be > 0");
            if (duckDbThreads < 1) throw new IllegalArgumentException("duckdb threads must be >= 1");
        }

        /** With DuckDB's default thread count for an embedded store ({@link DuckDbDatabase#DEFAULT_THREADS}). */
        public SinkSpec(Path duckDbFile, String groupId, int maxBatchRows, Duration maxBatchDelay) {
            this(duckDbFile, groupId, maxBatchRows, maxBatchDelay, DuckDbDatabase.DEFAULT_THREADS);
        }
    }

    public PlatformSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(topics, "topics");
        inputs = inputs == null ? Inputs.NONE : inputs;
        greeks = greeks == null ? GreeksConfig.defaults() : greeks;
        kafkaPassThrough = kafkaPassThrough == null ? new Properties() : kafkaPassThrough;
        if (bootstrapServers == null && broker == null) throw new IllegalArgumentException("need a broker or bootstrap servers");
        if (streamThreads < 1) throw new IllegalArgumentException("stream threads must be >= 1");
        if (gateway == null && (inputs.stdin() || !inputs.tailFiles().isEmpty())) {
            throw new IllegalArgumentException("--tail and --stdin need the gateway");
        }
    }

    public boolean embeddedBroker() {
        return bootstrapServers == null;
    }
}
