package dev.ticktape.persistence.postgres;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Plain JDBC connections to the same database as the R2DBC pool, for the rare blocking work: migrations,
 * partition DDL, retention. Each connection carries the configured statement and lock timeouts.
 */
public final class JdbcConnections {
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    JdbcConnections(PostgresConfig config) {
        ConnectionFactoryOptions o = ConnectionFactoryOptions.parse(config.r2dbcUrl());
        dataSource.setServerNames(new String[] {String.valueOf(o.getRequiredValue(ConnectionFactoryOptions.HOST))});
        Object port = o.getValue(ConnectionFactoryOptions.PORT);
        if (port != null) dataSource.setPortNumbers(new int[] {Integer.parseInt(port.toString())});
        Object database = o.getValue(ConnectionFactoryOptions.DATABASE);
        if (database != null) dataSource.setDatabaseName(database.toString());
        Object user = o.getValue(ConnectionFactoryOptions.USER);
        if (user != null) dataSource.setUser(user.toString());
        Object password = o.getValue(ConnectionFactoryOptions.PASSWORD);
        if (password != null) dataSource.setPassword(password.toString());
        dataSource.setApplicationName("ticktape");
        dataSource.setConnectTimeout((int) PostgresConfig.CONNECT_TIMEOUT.toSeconds());
        dataSource.setOptions(
                "-c statement_timeout=" + config.statementTimeout().toMillis() + " -c lock_timeout="
                        + config.lockTimeout().toMillis() + " -c TimeZone=UTC");
    }

    /** A new connection; the caller closes it. */
    public Connection open() throws SQLException {
        return dataSource.getConnection();
    }

    DataSource dataSource() {
        return dataSource;
    }
}
