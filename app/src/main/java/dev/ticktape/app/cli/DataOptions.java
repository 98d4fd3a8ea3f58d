package dev.ticktape.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Root of everything the process keeps on disk. */
public final class DataOptions {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TICKTAPE_DATA_DIR:-data}",
            description = "Data directory: kafka/ (embedded broker log), streams/ (state), ticktape.duckdb "
                    + "(default ${DEFAULT-VALUE}).")
    Path dataDir;

    public Path dataDir() {
        return dataDir;
    }
}
