package dev.ticktape.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One chaos run.
 *
 * @param load          how long the load runs (faults happen inside it)
 * @param seed          orders and times the faults, and drives the load's prices and symbols
 * @param faults        the faults to inject, each once
 * @param pgUrl         the PostgreSQL server to test a PostgreSQL store on (a database of the run's own), or null
 * @param rate          trades per second
 * @param symbols       instruments the trades spread over
 * @param settleTimeout how long after the load the stores may take to hold every accepted trade
 * @param keep          keep the run's directory (and PostgreSQL database) for inspection
 * @param baseDir       where the run's directory is made (the system temp dir when null)
 */
public record ChaosSettings(
        Duration load,
        long seed,
        List<Fault> faults,
        String pgUrl,
        int rate,
        int symbols,
        Duration settleTimeout,
        boolean keep,
        Path baseDir) {
    public ChaosSettings {
        faults = List.copyOf(faults);
        if (load.toSeconds() < 20) throw new IllegalArgumentException("the load must run for at least 20 s");
        if (rate < 1) throw new IllegalArgumentException("--rate must be >= 1");
        if (symbols < 1) throw new IllegalArgumentException("--symbols must be >= 1");
        if (pgUrl != null && pgUrl.isBlank()) pgUrl = null;
    }

    boolean postgres() {
        return pgUrl != null;
    }
}
