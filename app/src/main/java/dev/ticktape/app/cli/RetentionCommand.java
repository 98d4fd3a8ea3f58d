package dev.ticktape.app.cli;

import dev.ticktape.persistence.duckdb.DuckDbDatabase;
import dev.ticktape.persistence.postgres.PostgresDatabase;
import dev.ticktape.persistence.retention.DuckDbRetention;
import dev.ticktape.persistence.retention.PostgresRetention;
import dev.ticktape.persistence.retention.RetentionReport;
import dev.ticktape.persistence.retention.RetentionTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "retention",
        mixinStandardHelpOptions = true,
        description = "Apply the retention tiers once (1s bars 7d, 1m bars 30d rolled into ohlc_5m first, Greeks 30d) "
                + "to the DuckDB file and, with --pg-url, PostgreSQL; --dry-run prints what would go. A running "
                + "process owns its DuckDB file: ask it with curl http://127.0.0.1:8080/v1/retention/plan instead.")
final class RetentionCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    DuckDbFileOptions duckdb;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    RetentionTierOptions retention;

    @Option(
            names = {"--dry-run", "--dryrun"},
            description = "Only print what would be removed.")
    boolean dryRun;

    @Option(names = "--no-duckdb", description = "Leave the DuckDB file alone (PostgreSQL only).")
    boolean noDuckDb;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        System.out.println("policy: " + retention.policy().describe());
        if (!noDuckDb) {
            Path file = duckdb.file(data.dataDir());
            if (!Files.exists(file)) {
                System.out.println("duckdb: " + file + " does not exist, skipped");
            } else {
                try (DuckDbDatabase db = DuckDbDatabase.open(file)) {
                    run(new DuckDbRetention(db), now);
                } catch (SQLException e) {
                    throw new IllegalStateException(
                            "cannot open " + file + " (is a ticktape process running on it? "
                                    + "then use its /v1/retention/plan): " + e.getMessage(),
                            e);
                }
            }
        }
        if (postgres.enabled()) {
            try (PostgresDatabase pg = PostgresDatabase.open(postgres.config(), new SimpleMeterRegistry())) {
                run(new PostgresRetention(pg), now);
            }
        }
        return 0;
    }

    private void run(RetentionTarget target, Instant now) {
        RetentionReport report = dryRun ? target.plan(now, retention.policy()) : target.apply(now, retention.policy());
        System.out.println((dryRun ? "would remove from " : "removed from ") + target.store() + ":");
        report.print(System.out);
    }
}
