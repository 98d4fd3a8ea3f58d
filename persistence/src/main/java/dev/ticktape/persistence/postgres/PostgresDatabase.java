package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.FeatureDefinitionsSync;
import dev.ticktape.persistence.SinkErrors;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ValidationDepth;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store of this process: an R2DBC pool for the data path, plain JDBC for migrations and partition
 * DDL, and a schedule that keeps day partitions created ahead and samples their metrics.
 *
 * <p>{@link #open} applies the Flyway migrations in {@code db/migration/postgres} (upgrading an older schema in
 * place), syncs {@code feature_definitions} with the feature catalog, creates the partitions from yesterday to
 * {@link PostgresConfig#partitionsAhead()} days ahead and starts the schedule. Every connection runs in UTC with the
 * configured {@code statement_timeout} and {@code lock_timeout}.
 *
 * <p>Meters, tagged {@code sink=postgres} and {@code table}: {@code ticktape.sink.partition.default.rows} (rows in
 * the DEFAULT partition, should stay 0: alert when not), {@code ticktape.sink.partition.oldest.day.seconds} and
 * {@code ...newest.day.seconds} (epoch seconds of the first and last day partition).
 */
public final class PostgresDatabase implements AutoCloseable {
    /** Migration scripts on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration/postgres";

    static final Duration SCHEDULE_EVERY = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

    private final PostgresConfig config;
    private final ConnectionPool pool;
    private final JdbcConnections jdbc;
    private final PartitionManager partitions;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, AtomicLong[]> partitionGauges = new ConcurrentHashMap<>();
    private volatile boolean defaultRowsReported;

    private PostgresDatabase(
            PostgresConfig config, ConnectionPool pool, JdbcConnections jdbc, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.pool = pool;
        this.jdbc = jdbc;
        this.partitions = new PartitionManager(jdbc);
        this.clock = clock;
        for (String table : PartitionManager.TABLES.keySet()) {
            AtomicLong[] g = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
            partitionGauges.put(table, g);
            Gauge.builder("ticktape.sink.partition.default.rows", g[0], AtomicLong::get)
                    .description("Rows in the DEFAULT partition (days without a partition); alert when > 0")
                    .tags("sink", "postgres", "table", table)
                    .register(registry);
            Gauge.builder("ticktape.sink.partition.oldest.day.seconds", g[1], AtomicLong::get)
                    .description("Epoch seconds of the oldest day partition")
                    .tags("sink", "postgres", "table", table)
                    .register(registry);
            Gauge.builder("ticktape.sink.partition.newest.day.seconds", g[2], AtomicLong::get)
                    .description("Epoch seconds of the newest day partition")
                    .tags("sink", "postgres", "table", table)
                    .register(registry);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ticktape-pg-partitions");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Migrates the schema, creates the partitions ahead and starts their schedule.
     *
     * @throws IllegalStateException with one line naming the cause when the database cannot be used (unreachable,
     *                               authentication or privilege failure, failed migration)
     */
    public static PostgresDatabase open(PostgresConfig cfg, MeterRegistry registry) {
        return open(cfg, registry, Clock.systemUTC());
    }

    static PostgresDatabase open(PostgresConfig cfg, MeterRegistry registry, Clock clock) {
        JdbcConnections jdbc = new JdbcConnections(cfg);
        MigrateResult migrated;
        try {
            migrated = Flyway.configure()
                    .dataSource(jdbc.dataSource())
                    .locations(MIGRATIONS)
                    .loggers("slf4j")
                    .load()
                    .migrate();
            try (Connection c = jdbc.open()) {
                FeatureDefinitionsSync.sync(c);
            }
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(
                    "PostgreSQL " + cfg.redactedUrl() + " unusable ("
                            + SinkErrors.classify(e).name().toLowerCase(Locale.ROOT) + "): "
                            + SinkErrors.describe(e),
                    e);
        }
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connectionFactory(cfg))
                .name("ticktape-pg")
                .initialSize(0)
                .maxSize(cfg.poolSize())
                .maxAcquireTime(cfg.statementTimeout())
                .maxCreateConnectionTime(PostgresConfig.CONNECT_TIMEOUT)
                .maxIdleTime(Duration.ofMinutes(10))
                .validationDepth(ValidationDepth.LOCAL)
                .build());
        PostgresDatabase db = new PostgresDatabase(cfg, pool, jdbc, clock, registry);
        try {
            db.maintainPartitions();
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException(
                    "PostgreSQL " + cfg.redactedUrl() + ": cannot create partitions: " + SinkErrors.describe(e), e);
        }
        long period = SCHEDULE_EVERY.toSeconds();
        db.scheduler.scheduleWithFixedDelay(db::maintainQuietly, period, period, TimeUnit.SECONDS);
        log.info(
                "PostgreSQL {} open, schema version {}{}, partitions {} days ahead",
                cfg.redactedUrl(),
                migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion : migrated.initialSchemaVersion,
                migrated.migrationsExecuted > 0 ? " (applied " + migrated.migrationsExecuted + " migrations)" : "",
                cfg.partitionsAhead());
        return db;
    }

    private static PostgresqlConnectionFactory connectionFactory(PostgresConfig cfg) {
        ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(cfg.r2dbcUrl());
        PostgresqlConnectionConfiguration.Builder b = PostgresqlConnectionConfiguration.builder()
                .host(String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.HOST)))
                .connectTimeout(PostgresConfig.CONNECT_TIMEOUT)
                .statementTimeout(cfg.statementTimeout())
                .lockWaitTimeout(cfg.lockTimeout())
                .applicationName("ticktape")
                .options(Map.of("TimeZone", "UTC"));
        Object port = o.getValue(ConnectionFactoryOptions.PORT);
        if (port != null) b.port(Integer.parseInt(port.toString()));
        Object database = o.getValue(ConnectionFactoryOptions.DATABASE);
        if (database != null) b.database(database.toString());
        Object user = o.getValue(ConnectionFactoryOptions.USER);
        b.username(user == null ? "postgres" : user.toString());
        Object password = o.getValue(ConnectionFactoryOptions.PASSWORD);
        if (password != null) b.password(password.toString());
        return new PostgresqlConnectionFactory(b.build());
    }

    /** Creates partitions ahead and refreshes the partition meters. */
    void maintainPartitions() throws SQLException {
        partitions.ensureAhead(LocalDate.now(clock.withZone(ZoneOffset.UTC)), config.partitionsAhead());
        samplePartitions();
    }

    /** Refreshes the partition meters; logs once when rows start landing in a DEFAULT partition. */
    public void samplePartitions() throws SQLException {
        long defaultRows = 0;
        for (Map.Entry<String, AtomicLong[]> e : partitionGauges.entrySet()) {
            long rows = partitions.defaultRows(e.getKey());
            List<LocalDate> days = partitions.days(e.getKey());
            e.getValue()[0].set(rows);
            e.getValue()[1].set(days.isEmpty() ? 0 : days.get(0).toEpochDay() * 86_400L);
            e.getValue()[2].set(days.isEmpty() ? 0 : days.get(days.size() - 1).toEpochDay() * 86_400L);
            defaultRows += rows;
        }
        if (defaultRows > 0 && !defaultRowsReported) {
            log.warn("PostgreSQL default partitions hold {} rows: days without a partition", defaultRows);
        }
        defaultRowsReported = defaultRows > 0;
    }

    private void maintainQuietly() {
        try {
            maintainPartitions();
        } catch (SQLException | RuntimeException e) {
            log.warn(
                    "PostgreSQL partition maintenance failed (retried in {}): {}",
                    SCHEDULE_EVERY,
                    SinkErrors.describe(e));
        }
    }

    public PostgresConfig config() {
        return config;
    }

    /** The R2DBC pool of the data path. */
    public ConnectionPool pool() {
        return pool;
    }

    /** JDBC connections for blocking administrative work. */
    public JdbcConnections jdbc() {
        return jdbc;
    }

    public PartitionManager partitions() {
        return partitions;
    }

    /** Longest a caller blocks on one reactive database call: the statement timeout plus connection set-up. */
    public Duration blockTimeout() {
        return config.statementTimeout().plus(PostgresConfig.CONNECT_TIMEOUT);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            pool.disposeLater().block(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            log.warn("PostgreSQL pool close failed: {}", SinkErrors.describe(e));
        }
    }
}
