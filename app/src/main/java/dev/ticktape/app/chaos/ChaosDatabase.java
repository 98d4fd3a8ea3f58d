package dev.ticktape.app.chaos;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A database of the run's own on the PostgreSQL server of {@code --pg-url}: created empty at the start (the
 * persist migrates it), dropped at the end unless kept, so a chaos run never touches the tables of a real
 * deployment or of other tests on the same server.
 */
final class ChaosDatabase {
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final String name;

    private ChaosDatabase(String host, int port, String user, String password, String adminDatabase, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
        this.name = name;
    }

    /** Creates {@code ticktape_chaos_<suffix>} next to the database of {@code r2dbcUrl}. */
    static ChaosDatabase create(String r2dbcUrl, String suffix) throws SQLException {
        ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(r2dbcUrl);
        Object port = o.getValue(ConnectionFactoryOptions.PORT);
        Object user = o.getValue(ConnectionFactoryOptions.USER);
        Object pw = o.getValue(ConnectionFactoryOptions.PASSWORD);
        Object db = o.getValue(ConnectionFactoryOptions.DATABASE);
        String password = pw != null ? pw.toString() : System.getenv("TICKTAPE_PG_PASSWORD");
        ChaosDatabase d = new ChaosDatabase(
                String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.HOST)),
                port == null ? 5432 : Integer.parseInt(port.toString()),
                user == null ? "postgres" : user.toString(),
                password == null || password.isEmpty() ? null : password,
                db == null ? "postgres" : db.toString(),
                "ticktape_chaos_" + suffix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
        d.admin("CREATE DATABASE " + d.name);
        return d;
    }

    String name() {
        return name;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The R2DBC URL of this database at another address (the proxy); the password travels in the environment. */
    String urlVia(String viaHost, int viaPort) {
        return "r2dbc:postgresql://" + user + "@" + viaHost + ":" + viaPort + "/" + name;
    }

    /** Environment for a process using {@link #urlVia}: the password, when there is one. */
    Map<String, String> env() {
        return password == null ? Map.of() : Map.of("TICKTAPE_PG_PASSWORD", password);
    }

    /** A direct connection (not through the proxy), for the verdict. */
    Connection connect() throws SQLException {
        return connect(name);
    }

    /** Drops the database, disconnecting whoever is still on it. */
    void drop() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = connect(adminDatabase);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }
}
