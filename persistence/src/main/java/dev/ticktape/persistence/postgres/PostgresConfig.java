package dev.ticktape.persistence.postgres;

import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;

/**
 * Settings of the PostgreSQL store.
 *
 * @param r2dbcUrl         {@code r2dbc:postgresql://user[:password]@host[:port]/database}
 * @param poolSize         connections in the R2DBC pool
 * @param statementTimeout server-side {@code statement_timeout} of every connection; a client-side timeout does not
 *                         cancel the query, this does
 * @param lockTimeout      server-side {@code lock_timeout}, so partition DDL never queues writers behind it for long
 * @param partitionsAhead  day partitions created ahead of today (UTC)
 */
public record PostgresConfig(
        String r2dbcUrl, int poolSize, Duration statementTimeout, Duration lockTimeout, int partitionsAhead) {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_PARTITIONS_AHEAD = 3;
    /** How long opening a TCP connection may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public PostgresConfig {
        if (r2dbcUrl == null || !r2dbcUrl.startsWith("r2dbc:postgresql:")) {
            throw new IllegalArgumentException("expected an r2dbc:postgresql://user@host:port/database URL");
        }
        ConnectionFactoryOptions.parse(r2dbcUrl); // rejects a malformed URL now rather than at first use
        if (poolSize < 1) throw new IllegalArgumentException("poolSize must be >= 1");
        if (statementTimeout == null || statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be > 0");
        }
        if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("lockTimeout must be > 0");
        }
        if (partitionsAhead < 0) throw new IllegalArgumentException("partitionsAhead must be >= 0");
    }

    /** Defaults for everything but the URL: pool 4, statement timeout 30 s, lock timeout 2 s, 3 days ahead. */
    public static PostgresConfig of(String r2dbcUrl) {
        return new PostgresConfig(
                r2dbcUrl, DEFAULT_POOL_SIZE, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT, DEFAULT_PARTITIONS_AHEAD);
    }

    public PostgresConfig withPoolSize(int size) {
        return new PostgresConfig(r2dbcUrl, size, statementTimeout, lockTimeout, partitionsAhead);
    }

    public PostgresConfig withTimeouts(Duration statement, Duration lock) {
        return new PostgresConfig(r2dbcUrl, poolSize, statement, lock, partitionsAhead);
    }

    public PostgresConfig withPartitionsAhead(int days) {
        return new PostgresConfig(r2dbcUrl, poolSize, statementTimeout, lockTimeout, days);
    }

    /** The URL without its password, for logs and errors. */
    public String redactedUrl() {
        return r2dbcUrl.replaceFirst("://([^:@/]+):[^@/]*@", "://$1:***@");
    }

    @Override
    public String toString() {
        return "PostgresConfig[url=" + redactedUrl() + ", poolSize=" + poolSize + ", statementTimeout="
                + statementTimeout + ", lockTimeout=" + lockTimeout + ", partitionsAhead=" + partitionsAhead + "]";
    }
}
