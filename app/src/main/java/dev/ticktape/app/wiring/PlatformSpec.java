package dev.ticktape.app.wiring;

import dev.ticktape.adapters.ndjson.GatewayConfig;
import dev.ticktape.app.decisions.DecisionOutputs;
import dev.ticktape.app.kafka.TopicProvisioner;
import dev.ticktape.app.push.StreamLimits;
import dev.ticktape.app.reconcile.ReconcileSettings;
import dev.ticktape.app.streaming.AdapterKind;
import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.postgres.PostgresConfig;
import dev.ticktape.persistence.retention.RetentionPolicy;
import dev.ticktape.topology.TopologyConfig;
import dev.ticktape.topology.decisions.DecisionConfig;
import dev.ticktape.topology.features.FeatureConfig;
import dev.ticktape.topology.greeks.GreeksConfig;
import dev.ticktape.topology.summaries.SummaryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Which parts one process runs and how, one spec per part. A null part is not started; {@code ticktape run} sets
 * them all, each single-part command sets one. Built once at start-up from the CLI flags, through {@link #builder}.
 *
 * @param service   metrics tag and log label (run, gateway, streams, persist, bench)
 * @param dataDir   root for the embedded broker log, Streams state and the DuckDB file
 * @param kafka     the embedded broker or the cluster to use, and the user's client settings
 * @param topics    layout of topics created at start
 * @param gateway   NDJSON gateway and its extra inputs, or null
 * @param streams   the bar topology and the options application beside it, or null
 * @param sink      the DuckDB persistence workers, or null
 * @param postgres  the PostgreSQL persistence workers (their own consumer groups), or null
 * @param retention the retention schedule over the stores this process owns, or null
 * @param http      the HTTP edge, or null
 * @param control   venue adapters, their control API and the stale-feed alerts, or null
 * @param reconcile reconciliation of the control part's Binance/Polygon adapters against the venues' own bars
 *                  into the stores, or null
 */
public record PlatformSpec(
        String service,
        Path dataDir,
        KafkaSpec kafka,
        TopicProvisioner.Plan topics,
        GatewaySpec gateway,
        StreamsSpec streams,
        SinkSpec sink,
        PostgresSpec postgres,
        RetentionSpec retention,
        HttpSpec http,
        ControlSpec control,
        ReconcileSettings reconcile) {

    public PlatformSpec {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
    }

    /** A spec with no parts yet but Kafka and the topics. */
    public static Builder builder(String service, Path dataDir) {
        return new Builder(service, dataDir);
    }

    /** A builder holding this spec's parts, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(service, dataDir);
        b.kafka = kafka;
        b.topics = topics;
        b.gateway = gateway;
        b.streams = streams;
        b.sink = sink;
        b.postgres = postgres;
        b.retention = retention;
        b.http = http;
        b.control = control;
        b.reconcile = reconcile;
        return b;
    }

    public boolean embeddedBroker() {
        return kafka.embedded();
    }

    /**
     * Kafka: an embedded broker on {@code broker} when {@code bootstrapServers} is null, else that cluster.
     *
     * @param passThrough user Kafka client settings, applied last to every client
     */
    public record KafkaSpec(String bootstrapServers, BrokerListener broker, Properties passThrough) {
        public KafkaSpec {
            if (bootstrapServers == null && broker == null) {
                throw new IllegalArgumentException("need a broker or bootstrap servers");
            }
            passThrough = passThrough == null ? new Properties() : passThrough;
        }

        public static KafkaSpec embedded(String host, int port) {
            return new KafkaSpec(null, new BrokerListener(host, port), null);
        }

        public static KafkaSpec external(String bootstrapServers) {
            return new KafkaSpec(Objects.requireNonNull(bootstrapServers, "bootstrapServers"), null, null);
        }

        public KafkaSpec withPassThrough(Properties settings) {
            return new KafkaSpec(bootstrapServers, broker, settings);
        }

        public boolean embedded() {
            return bootstrapServers == null;
        }
    }

    /** Embedded broker address. */
    public record BrokerListener(String host, int port) {}

    /** The NDJSON gateway and the line sources it reads besides TCP. */
    public record GatewaySpec(GatewayConfig config, Inputs inputs) {
        public GatewaySpec {
            Objects.requireNonNull(config, "config");
            inputs = inputs == null ? Inputs.NONE : inputs;
        }
    }

    /**
     * Non-TCP gateway inputs. {@code exitAtEnd}: once every tailed file (read once, not followed) and stdin have
     * ended, drain (every open bar closed and stored) and stop the process.
     */
    public record Inputs(List<Path> tailFiles, boolean follow, boolean stdin, boolean exitAtEnd) {
        public static final Inputs NONE = new Inputs(List.of(), false, false);

        public Inputs {
            tailFiles = List.copyOf(tailFiles);
            if (exitAtEnd && follow) {
                throw new IllegalArgumentException("--exit-at-end cannot end a --tail-follow input; drop one of them");
            }
            if (exitAtEnd && tailFiles.isEmpty() && !stdin) {
                throw new IllegalArgumentException("--exit-at-end needs a finite input: --tail FILE or --stdin");
            }
        }

        public Inputs(List<Path> tailFiles, boolean follow, boolean stdin) {
            this(tailFiles, follow, stdin, false);
        }

        /** True when the inputs end by themselves (files read once, stdin). */
        public boolean finite() {
            return !follow && (!tailFiles.isEmpty() || stdin);
        }
    }

    /**
     * The topology: the bar application with {@code threads} stream threads, the options-and-books application
     * beside it (one thread) and, when {@code analytics} is not null, the analytics application (one thread).
     */
    public record StreamsSpec(TopologyConfig topology, int threads, GreeksConfig greeks, AnalyticsSpec analytics) {
        public StreamsSpec {
            Objects.requireNonNull(topology, "topology");
            if (threads < 1) throw new IllegalArgumentException("stream threads must be >= 1");
            greeks = greeks == null ? GreeksConfig.defaults() : greeks;
        }

        public StreamsSpec(TopologyConfig topology, int threads) {
            this(topology, threads, null, null);
        }

        /** The same topology with the analytics application computing {@code a} (null: none). */
        public StreamsSpec withAnalytics(AnalyticsSpec a) {
            return new StreamsSpec(topology, threads, greeks, a);
        }
    }

    /**
     * What the analytics application computes from the bars: summaries of the 1s closes, intraday features and
     * decisions (which read the summaries); null parts are off, and at least one is on. {@code outputs} says where
     * this process delivers the decisions (sinks, gate file); null for none.
     */
    public record AnalyticsSpec(
            SummaryConfig summaries, FeatureConfig features, DecisionConfig decisions, DecisionOutputs.Spec outputs) {
        public AnalyticsSpec {
            if (summaries == null && features == null) {
                throw new IllegalArgumentException("analytics need summaries or features");
            }
            if (decisions != null && summaries == null) {
                throw new IllegalArgumentException("decisions need the summaries");
            }
        }

        public AnalyticsSpec(SummaryConfig summaries, FeatureConfig features) {
            this(summaries, features, null, null);
        }

        /** One line for the ready banner, e.g. {@code summaries 60s,300s -> md.summaries; features on 1m bars}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (summaries != null) {
                parts.add("summaries over "
                        + String.join(
                                ",",
                                summaries.windows().stream()
                                        .map(d -> d.toSeconds() + "s")
                                        .toList())
                        + " windows -> md.summaries");
            }
            if (decisions != null) {
                parts.add("decisions (run " + decisions.runId() + ") -> md.decisions");
            }
            if (features != null) {
                parts.add("features on "
                        + String.join(
                                ",",
                                features.intervals().stream()
                                        .map(i -> i.label())
                                        .toList())
                        + " bars -> md.features");
            }
            return String.join("; ", parts);
        }
    }

    /** The DuckDB sink: file and batching. */
    public record SinkSpec(
            Path duckDbFile, String groupId, int maxBatchRows, Duration maxBatchDelay, int duckDbThreads) {
        public SinkSpec {
            Objects.requireNonNull(duckDbFile, "duckDbFile");
            if (maxBatchRows < 1) throw new IllegalArgumentException("batch rows must be >= 1");
            if (maxBatchDelay.isNegative() || maxBatchDelay.isZero())
                throw new IllegalArgumentException("batch delay must be > 0");
            if (duckDbThreads < 1) throw new IllegalArgumentException("duckdb threads must be >= 1");
        }

        /** With DuckDB's default thread count for an embedded store ({@link DuckDbDatabase#DEFAULT_THREADS}). */
        public SinkSpec(Path duckDbFile, String groupId, int maxBatchRows, Duration maxBatchDelay) {
            this(duckDbFile, groupId, maxBatchRows, maxBatchDelay, DuckDbDatabase.DEFAULT_THREADS);
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
            if (every.isNegative() || every.isZero())
                throw new IllegalArgumentException("retention interval must be > 0");
        }

        /** One line for the ready banner: {@code every 1h: 1s bars 7d, 1m bars 30d (then 5m), ...}. */
        public String describe() {
            return "every " + RetentionPolicy.human(every) + ": " + policy.describe();
        }
    }

    /** The HTTP edge's bind address (port 0 takes any free port) and the limits of its push API. */
    public record HttpSpec(String host, int port, StreamLimits stream) {
        public HttpSpec {
            Objects.requireNonNull(host, "host");
            if (port < 0) throw new IllegalArgumentException("http port must be >= 0");
            stream = stream == null ? StreamLimits.DEFAULTS : stream;
        }

        public HttpSpec(String host, int port) {
            this(host, port, null);
        }
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
    public record ControlSpec(
            List<AdapterKind> kinds,
            Map<String, List<String>> autostart,
            boolean alerts,
            Duration staleTimeout,
            Map<String, Duration> venueTimeouts,
            String apiToken) {
        public ControlSpec {
            kinds = List.copyOf(kinds);
            autostart = Map.copyOf(autostart);
            venueTimeouts = Map.copyOf(venueTimeouts);
        }
    }

    /** Collects the parts; every part is optional but Kafka and the topics. */
    public static final class Builder {
        private final String service;
        private final Path dataDir;
        private KafkaSpec kafka;
        private TopicProvisioner.Plan topics;
        private GatewaySpec gateway;
        private StreamsSpec streams;
        private SinkSpec sink;
        private PostgresSpec postgres;
        private RetentionSpec retention;
        private HttpSpec http;
        private ControlSpec control;
        private ReconcileSettings reconcile;

        private Builder(String service, Path dataDir) {
            this.service = service;
            this.dataDir = dataDir;
        }

        public Builder kafka(KafkaSpec kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder topics(TopicProvisioner.Plan topics) {
            this.topics = topics;
            return this;
        }

        public Builder gateway(GatewayConfig config) {
            return gateway(config, Inputs.NONE);
        }

        public Builder gateway(GatewayConfig config, Inputs inputs) {
            this.gateway = config == null ? null : new GatewaySpec(config, inputs);
            return this;
        }

        public Builder streams(StreamsSpec streams) {
            this.streams = streams;
            return this;
        }

        public Builder streams(TopologyConfig topology, int threads) {
            return streams(new StreamsSpec(topology, threads));
        }

        public Builder sink(SinkSpec sink) {
            this.sink = sink;
            return this;
        }

        public Builder postgres(PostgresSpec postgres) {
            this.postgres = postgres;
            return this;
        }

        public Builder retention(RetentionSpec retention) {
            this.retention = retention;
            return this;
        }

        /** The HTTP edge on {@code host:port}; a negative port means none. */
        public Builder http(String host, int port) {
            this.http = port < 0 ? null : new HttpSpec(host, port);
            return this;
        }

        /** Limits of the push API ({@code /v1/stream}); applies to the HTTP edge set with {@link #http}. */
        public Builder streamLimits(StreamLimits limits) {
            if (http == null) throw new IllegalStateException("set the HTTP edge first");
            this.http = new HttpSpec(http.host(), http.port(), limits);
            return this;
        }

        public Builder control(ControlSpec control) {
            this.control = control;
            return this;
        }

        /** Reconciliation against the venues' own bars; needs the control part and a store. */
        public Builder reconcile(ReconcileSettings reconcile) {
            this.reconcile = reconcile;
            return this;
        }

        public PlatformSpec build() {
            return new PlatformSpec(
                    service, dataDir, kafka, topics, gateway, streams, sink, postgres, retention, http, control,
                    reconcile);
        }
    }
}
