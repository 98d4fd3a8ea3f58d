package dev.ticktape.persistence.postgres;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server of the test JVM, chosen once: the server named by {@code TICKTAPE_PG_URL} when set, else a
 * Testcontainers {@code postgres} container when a Docker engine answers, else an embedded PostgreSQL. Each test
 * gets its own database ({@link #createDatabase()}), dropped afterwards.
 */
public final class PostgresFixture {
    public static final String ENV = "TICKTAPE_PG_URL";
    private static final Logger log = LoggerFactory.getLogger(PostgresFixture.class);
    private static PostgresFixture instance;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;

    private PostgresFixture(String host, int port, String user, String password, String adminDatabase) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
    }

    public static synchronized PostgresFixture get() {
        if (instance == null) instance = resolve();
        return instance;
    }

    private static PostgresFixture resolve() {
        String url = System.getenv(ENV);
        if (url != null && !url.isBlank()) {
            ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(url);
            Object port = o.getValue(ConnectionFactoryOptions.PORT);
            Object pw = o.getValue(ConnectionFactoryOptions.PASSWORD);
            Object db = o.getValue(ConnectionFactoryOptions.DATABASE);
            PostgresFixture f = new PostgresFixture(
                    o.getRequiredValue(ConnectionFactoryOptions.HOST).toString(),
                    port == null ? 5432 : Integer.parseInt(port.toString()),
                    String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.USER)),
                    pw == null ? null : pw.toString(),
                    db == null ? "postgres" : db.toString());
            log.info("PostgreSQL for tests: server from {} at {}:{}", ENV, f.host, f.port);
            return f;
        }
        if (dockerAnswers()) {
            PostgreSQLContainer c = new PostgreSQLContainer("postgres:15-alpine");
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
            log.info("PostgreSQL for tests: Testcontainers container at {}:{}", c.getHost(), c.getFirstMappedPort());
            return new PostgresFixture(
                    c.getHost(), c.getFirstMappedPort(), c.getUsername(), c.getPassword(), c.getDatabaseName());
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // exiting anyway
                }
            }));
            log.info("PostgreSQL for tests: embedded server at 127.0.0.1:{}", pg.getPort());
            return new PostgresFixture("127.0.0.1", pg.getPort(), "postgres", null, "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A fresh, empty database; returns its R2DBC URL. */
    public String createDatabase() {
        String name = "tt_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        return url(host, port, name);
    }

    /** Drops a database made by {@link #createDatabase()}, disconnecting whoever is still on it. */
    public void dropDatabase(String r2dbcUrl) {
        String name =
                String.valueOf(ConnectionFactoryOptions.parse(r2dbcUrl).getValue(ConnectionFactoryOptions.DATABASE));
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The URL of a database on another endpoint (e.g. a proxy in front of this server). */
    public String url(String viaHost, int viaPort, String database) {
        return "r2dbc:postgresql://" + user + (password == null ? "" : ":" + password) + "@" + viaHost + ":" + viaPort
                + "/" + database;
    }

    /** A JDBC connection to a test database, for assertions. */
    public Connection jdbc(String r2dbcUrl) throws SQLException {
        String name =
                String.valueOf(ConnectionFactoryOptions.parse(r2dbcUrl).getValue(ConnectionFactoryOptions.DATABASE));
        return connect(name);
    }

    private void admin(String sql) {
        try (Connection c = connect(adminDatabase);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }
}
