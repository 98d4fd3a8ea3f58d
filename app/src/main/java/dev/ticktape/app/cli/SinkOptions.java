package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Persistence worker flags. */
public final class SinkOptions {
    @Mixin
    DuckDbFileOptions duckdb;

    @Option(
            names = "--sink-group",
            paramLabel = "GROUP",
            defaultValue = "${env:TICKTAPE_SINK_GROUP:-ticktape-sink-duckdb}",
            description = "Consumer group of the DuckDB sink (default ${DEFAULT-VALUE}).")
    String group;

    @Option(
            names = "--batch-rows",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_BATCH_ROWS:-5000}",
            description = "Flush a batch at this many rows (default ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(
            names = "--batch-delay-ms",
            paramLabel = "MS",
            defaultValue = "${env:TICKTAPE_BATCH_DELAY_MS:-200}",
            description = "Flush a batch when its oldest row is this old (default ${DEFAULT-VALUE}).")
    long batchDelayMs;

    @Option(
            names = "--duckdb-threads",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_DUCKDB_THREADS:-1}",
            description = "DuckDB worker threads (default ${DEFAULT-VALUE}: DuckDB's one-per-core default starves the "
                    + "broker and Streams on a small box).")
    int duckdbThreads;

    @Option(
            names = "--pg-sink-group",
            paramLabel = "GROUP",
            defaultValue = "${env:TICKTAPE_PG_SINK_GROUP:-ticktape-sink-postgres}",
            description = "Consumer group of the PostgreSQL sink (default ${DEFAULT-VALUE}).")
    String pgGroup;

    /** The PostgreSQL sink when --pg-url is given, else null. */
    PlatformSpec.PostgresSpec postgresSpec(PostgresOptions pg) {
        if (!pg.enabled()) return null;
        return new PlatformSpec.PostgresSpec(pg.config(), pgGroup, batchRows, Duration.ofMillis(batchDelayMs));
    }

    PlatformSpec.RetentionSpec retentionSpec(RetentionOptions r) {
        return r.every.isZero() ? null : new PlatformSpec.RetentionSpec(r.tiers.policy(), r.every);
    }

    PlatformSpec.SinkSpec spec(Path dataDir) {
        Path file = duckdb.file(dataDir);
        return new PlatformSpec.SinkSpec(file, group, batchRows, Duration.ofMillis(batchDelayMs), duckdbThreads);
    }
}
