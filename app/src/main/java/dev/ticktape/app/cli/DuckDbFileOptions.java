package dev.ticktape.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which DuckDB file: shared by the sink and the one-shot retention command. */
public final class DuckDbFileOptions {
    @Option(
            names = "--duckdb",
            paramLabel = "FILE",
            defaultValue = "${env:TICKTAPE_DUCKDB}",
            description = "DuckDB file (default <data-dir>/ticktape.duckdb).")
    Path file;

    Path file(Path dataDir) {
        return file != null ? file : dataDir.resolve("ticktape.duckdb");
    }
}
