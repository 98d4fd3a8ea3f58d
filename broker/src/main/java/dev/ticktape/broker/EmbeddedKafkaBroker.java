package dev.ticktape.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM. Its log
 * directory survives restarts: the first start formats it, later starts reuse it with the data intact.
 *
 * <p>Replication factors and minimum ISR of the internal topics are 1, otherwise Kafka Streams waits forever
 * for a rebalance on a single node; the initial rebalance delay is 0 so groups form immediately.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final int BIND_ATTEMPTS = 5;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /** Formats the log directory if needed and starts the broker; returns once it accepts clients. */
    public static EmbeddedKafkaBroker start(BrokerConfig cfg) {
        long t0 = System.nanoTime();
        Path dir = cfg.logDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker log dir " + dir, e);
        }
        // A fixed port that is taken stays taken: say so at once rather than retry or fail inside Kafka.
        if (cfg.port() != 0 && !isFree(cfg.host(), cfg.port())) throw portInUse(cfg);
        RuntimeException last = null;
        // Ports picked by bind-then-close can be taken before the broker binds them: retry with fresh ones.
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int port = cfg.port() == 0 ? freePort(cfg.host()) : cfg.port();
            int cport = cfg.controllerPort() == 0 ? freePort(cfg.host()) : cfg.controllerPort();
            Map<String, String> props = brokerProps(cfg, dir, port, cport);
            KafkaConfig config = new KafkaConfig(props, false);
            formatIfNeeded(dir, cport);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                String bootstrap = cfg.host() + ":" + port;
                LOG.info(
                        "embedded Kafka broker up at {} (log dir {}) in {} ms",
                        bootstrap,
                        dir,
                        (System.nanoTime() - t0) / 1_000_000);
                return new EmbeddedKafkaBroker(server, bootstrap, dir);
            } catch (RuntimeException e) {
                last = e;
                shutdownQuietly(server);
                boolean portClash = hasCause(e, BindException.class);
                // Retrying helps only with ports picked here; binding the same fixed port again cannot succeed.
                if (portClash && cfg.port() != 0 && !isFree(cfg.host(), cfg.port())) throw portInUse(cfg);
                if (!portClash || (cfg.port() != 0 && cfg.controllerPort() != 0)) {
                    break;
                }
                LOG.warn("broker port taken, retrying with other ports (attempt {})", attempt);
            }
        }
        throw new IllegalStateException("embedded Kafka broker failed to start: " + rootMessage(last), last);
    }

    private static Map<String, String> brokerProps(BrokerConfig cfg, Path dir, int port, int cport) {
        String host = cfg.host();
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + cport);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + cport);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("metadata.log.dir", dir.resolve("meta").toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "8");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are provisioned explicitly; a typo in a producer must not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.partitions", "4");
        p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        p.put("log.retention.check.interval.ms", "60000");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.putAll(cfg.overrides());
        return p;
    }

    private static void formatIfNeeded(Path dir, int controllerPort) {
        Path data = dir.resolve("data");
        Path meta = dir.resolve("meta");
        if (Files.exists(meta.resolve("meta.properties"))) {
            return;
        }
        try {
            Formatter f = new Formatter()
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(data.toString(), meta.toString()))
                    .setMetadataLogDirectory(meta.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    // Transactions v1: with v2 (Kafka 4.x's default, an epoch bump per transaction) Kafka Streams'
                    // exactly-once producer here hit OUT_OF_ORDER_SEQUENCE rejections at transaction boundaries and
                    // intermittently stopped committing. Exactly-once v2 in Streams works on either.
                    .setFeatureLevel(TransactionVersion.FEATURE_NAME, TransactionVersion.TV_1.featureLevel())
                    .setIgnoreFormatted(true)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
            f.run();
            LOG.info("formatted broker storage in {}", dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format broker storage in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static IllegalStateException portInUse(BrokerConfig cfg) {
        return new IllegalStateException(
                "port " + cfg.port() + " is in use (kafka broker on " + cfg.host() + "); choose another broker port");
    }

    /** Whether {@code host:port} can be bound now (with address reuse, as the broker binds). */
    static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        if (t == null) return "unknown";
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // best effort after a failed start
        }
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits for it; the log directory stays. */
    @Override
    public void close() {
        long t0 = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka broker stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
