package dev.ticktape.persistence;

import dev.ticktape.model.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The meters of one sink worker, all tagged {@code sink=<name>}. Updated from the consumer thread only. */
final class SinkMetrics {
    private final MeterRegistry registry;
    private final String sink;
    private final Map<String, Counter> rowsWritten = new HashMap<>();
    private final Map<String, AtomicLong> lastWriteMillis = new HashMap<>();
    private final DistributionSummary batchRows;
    private final Timer batchCommit;
    private final Counter errors;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong paused = new AtomicLong();
    private final Counter retries;

    SinkMetrics(MeterRegistry registry, String sink, Collection<String> tables) {
        this.registry = registry;
        this.sink = sink;
        for (String table : tables) registerTable(table);
        batchRows = DistributionSummary.builder("ticktape.sink.batch.rows")
                .description("Records per flushed batch")
                .tag("sink", sink)
                .register(registry);
        batchCommit = Timer.builder("ticktape.sink.batch.commit")
                .description("Database write and commit of one batch")
                .tag("sink", sink)
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .register(registry);
        errors = Counter.builder("ticktape.sink.errors")
                .description("Failed batch writes or offset commits (the batch is retried)")
                .tag("sink", sink)
                .register(registry);
        retries = Counter.builder("ticktape.sink.retries")
                .description("Batch writes retried after a retriable failure")
                .tag("sink", sink)
                .register(registry);
        Gauge.builder("ticktape.sink.paused", paused, AtomicLong::get)
                .description("1 while the sink backs off from a failure with its partitions paused")
                .tag("sink", sink)
                .register(registry);
        Gauge.builder("ticktape.sink.lag.records", lag, AtomicLong::get)
                .description("Records on the assigned partitions not yet consumed")
                .tag("sink", sink)
                .register(registry);
    }

    private void registerTable(String table) {
        rowsWritten.put(
                table,
                Counter.builder("ticktape.sink.rows.written")
                        .description("Rows written (upserted) to the database")
                        .tags("sink", sink, "table", table)
                        .register(registry));
        AtomicLong last = new AtomicLong();
        lastWriteMillis.put(table, last);
        Gauge.builder("ticktape.sink.last.write.timestamp.seconds", last, v -> v.get() / 1000.0)
                .description("Epoch seconds of the last committed write to the table, 0 before the first")
                .tags("sink", sink, "table", table)
                .register(registry);
    }

    void written(String table, int rows, long commitMillis) {
        if (!rowsWritten.containsKey(table)) registerTable(table);
        rowsWritten.get(table).increment(rows);
        lastWriteMillis.get(table).set(commitMillis);
    }

    void batch(int records, long nanos) {
        batchRows.record(records);
        batchCommit.record(nanos, TimeUnit.NANOSECONDS);
    }

    void error() {
        errors.increment();
    }

    void retry() {
        retries.increment();
    }

    void paused(boolean on) {
        paused.set(on ? 1 : 0);
    }

    void rejected(RejectReason reason) {
        // Counter lookups by tag are cached by the registry; rejections are rare.
        Counter.builder("ticktape.sink.rejected")
                .description("Records sent to the dead-letter topic")
                .tags("sink", sink, "reason", reason.code())
                .register(registry)
                .increment();
    }

    void lag(long records) {
        lag.set(records);
    }
}
