package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "persist",
        mixinStandardHelpOptions = true,
        description = "Run only the persistence workers: md.bars.1s / md.bars.1m -> DuckDB and/or PostgreSQL "
                + "(each its own consumer group), retention, and GET /v1/bars.")
final class PersistCommand extends ServiceCommand {
    @Mixin
    KafkaOptions kafka;

    @Mixin
    DataOptions data;

    @Mixin
    SinkOptions sink;

    @Mixin
    HttpOptions http;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    RetentionOptions retention;

    @Option(
            names = "--sink",
            split = ",",
            defaultValue = "${env:TICKTAPE_SINKS:-duckdb}",
            paramLabel = "duckdb|postgres",
            description = "Which sinks to run, comma-separated (default ${DEFAULT-VALUE}); postgres needs --pg-url.")
    List<String> sinks;

    @Override
    PlatformSpec spec() {
        for (String s : sinks) {
            if (!s.equals("duckdb") && !s.equals("postgres"))
                throw new IllegalArgumentException("--sink takes duckdb and/or postgres, got " + s);
        }
        boolean pg = sinks.contains("postgres") || postgres.enabled();
        if (sinks.contains("postgres") && !postgres.enabled()) {
            throw new IllegalArgumentException("--sink postgres needs --pg-url (or TICKTAPE_PG_URL)");
        }
        return kafka.platform("persist", data.dataDir())
                .sink(sinks.contains("duckdb") ? sink.spec(data.dataDir()) : null)
                .postgres(pg ? sink.postgresSpec(postgres) : null)
                .retention(sink.retentionSpec(retention))
                .http(http.host(), http.portOr(8080))
                .build();
    }
}
